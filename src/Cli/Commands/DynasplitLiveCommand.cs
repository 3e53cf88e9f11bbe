using System.Globalization;
using System.Text.Json;
using Splitwise.Cli.Live;
using Splitwise.Onnx;
using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Runtime;
using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;
using Splitwise.Testbed;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Live;
using Splitwise.Grains.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `splitwise dynasplit live`: DynaSplit's offline search and online scheduling, the same code as `dynasplit
/// replay`, but every measurement is a live run of a real pretrained ONNX CNN split across an edge and a cloud silo.
/// </summary>
public sealed class DynasplitLiveCommand : ICliCommand
{
    private const string OnnxName = "live";

    public string Name => "dynasplit live";

    public string Summary => "DynaSplit search + online scheduling on a real ONNX CNN split across edge and cloud silos";

    public void Declare(CliSpec spec) => spec
        .Text("model", "ONNX model (default: the bundled CNN)")
        .Text("input-shape", "input shape, e.g. 1,3,224,224")
        .Int("seed", "seed (default 1)")
        .Int("threads", "ONNX Runtime threads (default 1)", min: 1)
        .Int("requests", "online requests (default 50)", min: 1)
        .Text("device", "emulated edge device (default rpi5)", "rpi5", "orin-nx", "s23")
        .Double("edge-slowdown", "host-to-edge slowdown (default 1)", min: 1e-6)
        .Double("link-mbps", "emulated link bandwidth (default 20)", min: 1e-3)
        .Double("rtt-ms", "emulated round-trip time (default 40)", min: 0)
        .Int("cuts", "cut points considered (default 8)", min: 1)
        .Int("port", "first silo port (default 11400)", min: 1, max: 65535)
        .Double("budget", "offline budget, share of the space (default 0.2)", min: 0, max: 1)
        .Int("robust-reserve", "measurements held back for ours (default budget/9, at least 2)", min: 0)
        .Json();

    public int Run(CliArgs args)
    {
        try
        {
            return RunAsync(args).GetAwaiter().GetResult();
        }
        catch (OnnxFormatException e)
        {
            Console.Error.WriteLine($"dynasplit live: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(CliArgs args)
    {
        var (path, model, inputShape) = OnnxModelOptions.Load(args);
        var seed = args.GetInt("seed", 1);
        var threads = args.GetInt("threads", 1);
        var requests = args.GetInt("requests", 50);
        var device = DeviceProfiles.Get(args.Get("device", "rpi5"));
        var hostToEdge = args.GetDouble("edge-slowdown", 1);
        var link = new ConstantLink(args.GetDouble("link-mbps", 20), args.GetDouble("rtt-ms", 40));
        var emulator = new LinkEmulator(link);
        var split = new LiveSplitSpace(CutFinder.ValidCuts(model.Graph, path), new ComputeOrder(model.Graph, path).Nodes.Count, args.GetInt("cuts", 8));

        var input = FloatTensor.Random(inputShape, seed);
        using var full = new OnnxSession(OnnxModelFile.ToBytes(model), threads);
        var reference = full.Run(input);

        await using var fabric = await FabricPair.Start("unused", "unused", args.GetInt("port", 11400), emulator,
            new Dictionary<string, string?> { [$"Fabric:OnnxModels:{OnnxName}"] = Path.GetFullPath(path) });
        var measurer = new FabricSplitMeasurer(fabric.Grains, OnnxName, split, threads, input, reference, link, emulator.Clock, device, hostToEdge);
        // Activate every split's grains (loading and splitting the model) before anything is timed.
        foreach (var layer in Enumerable.Range(0, split.AfterNodes.Count))
        {
            measurer.Measure(new Configuration(layer, EdgeKnobTable.TopFrequencyMHz, Configuration.AcceleratorOff, false), new Random(0));
        }

        var options = new OfflineSearchOptions { BudgetFraction = args.GetDouble("budget", 0.2), Seed = seed, SeedFastestAnchors = true };
        var search = OfflineSearch.Run(split.Space, measurer, options);
        // Ours: the same search and budget, stopped early to repeat the anchors and the front (as `dynasplit simulate` does;
        // the pool's 20 of 184 runs, scaled to this space's budget).
        var robustOptions = options with { ReservedMeasurements = args.GetInt("robust-reserve", Math.Max(2, search.Budget / 9)) };
        var robust = OfflineSearch.Run(split.Space, measurer, robustOptions);

        var random = new Random(seed);
        // Thresholds over the latencies the offline phase saw, so that tight and loose requests both occur.
        var (low, high) = (search.Measured.Min(p => p.LatencyMs), search.Measured.Max(p => p.LatencyMs));
        var thresholds = Enumerable.Range(0, requests).Select(_ => low + random.NextDouble() * (high - low)).ToList();
        IOnlineScheduler[] strategies =
        [
            new DynaSplitScheduler(search.Front),
            // Live reconfiguration is emulated and not charged, so ours assumes no switching delay either.
            new RobustScheduler(robust.Measured, split.Space, switchCostMs: 0),
            new CloudOnlyScheduler(search.Measured, split.Space),
            new EdgeOnlyScheduler(search.Measured, split.Space),
            new LowestEnergyScheduler(search.Front),
            new FastestScheduler(search.Front),
        ];
        var outcomes = strategies.Select(s => Online(s, thresholds, measurer, split.Space, seed)).ToList();

        Print(args, path, inputShape, split, threads, device, hostToEdge, link, options, search, robustOptions, outcomes, measurer, low, high);
        return 0;
    }

    /// <summary>Each request: the scheduler picks a configuration, which then runs live on the fabric; a closed-loop scheduler is told its latency.</summary>
    private static StrategyOutcome Online(IOnlineScheduler scheduler, IReadOnlyList<double> thresholds, FabricSplitMeasurer measurer,
        ConfigurationSpace space, int seed)
    {
        var random = new Random(seed);
        Configuration? current = null;
        var outcomes = new List<RequestOutcome>(thresholds.Count);
        foreach (var threshold in thresholds)
        {
            var choice = scheduler.Choose(threshold, current).Configuration;
            var run = measurer.Measure(choice, random);
            scheduler.Observe(choice, run.LatencyMs);
            outcomes.Add(new RequestOutcome(threshold, choice, space.PlacementOf(choice), run.LatencyMs, run.EnergyJ));
            current = choice;
        }

        return new StrategyOutcome(scheduler.Name, outcomes);
    }

    private static void Print(CliArgs args, string path, long[] inputShape, LiveSplitSpace split, int threads, DeviceProfile device,
        double hostToEdge, ConstantLink link, OfflineSearchOptions options, SearchResult search, OfflineSearchOptions robustOptions, List<StrategyOutcome> outcomes, FabricSplitMeasurer measurer,
        double low, double high)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"method: live DynaSplit on {Path.GetFileName(path)} (input [{string.Join(",", inputShape)}], seeded uniform). " +
                          $"Split layers: cloud only, {split.Cuts.Count} valid cuts spread over the graph (after compute nodes " +
                          $"{string.Join(",", split.Cuts.Select(c => c.AfterNode))}), edge only. Every measurement is a real run on an edge and a " +
                          $"cloud silo in this process: head grain on the edge, tail grain on the cloud, ONNX Runtime with {threads} intra-op " +
                          $"thread(s) (real), the crossing tensor as byte[] through the emulated link ({link.Description}). EMULATED: the edge " +
                          $"CPU frequency and Edge TPU mode scale the measured head time and the edge power, the cloud GPU the tail time, by " +
                          $"ratios of the paper's recorded VGG16 runs (src/Testbed/Live/EdgeKnobTable.cs); edge energy = those powers and the " +
                          $"{device.Key} radio/idle powers x time (src/Testbed/Energy). The edge at 1800 MHz without accelerator is taken as " +
                          $"{hostToEdge.ToString(inv)}x slower than this host (--edge-slowdown, an assumption, not a measurement). " +
                          $"Accuracy = parity with the whole model (1e-5, same top-1). Offline: NSGA-III, budget {options.BudgetFraction.ToString(inv)} " +
                          $"of {search.ValidSpaceSize} valid configurations = {search.Budget} live measurements, seed {options.Seed}, fastest anchors; " +
                          $"dynasplit-robust (ours) searches again with the same budget and seed, {robustOptions.ReservedMeasurements} of its measurements kept " +
                          $"for repeats of the anchors and the front (--robust-reserve). " +
                          $"Online: {outcomes[0].Requests.Count} thresholds uniform in [{low.ToString("F1", inv)}, {high.ToString("F1", inv)}] ms " +
                          $"(the measured latency range, seed {options.Seed}); each chosen configuration runs live, and dynasplit-robust learns from the latency of each request it served; met = latency <= threshold.");
        Console.WriteLine($"front: {search.Front.Count} of {search.Measured.Count} measured");
        foreach (var p in search.Front.OrderBy(p => p.LatencyMs))
        {
            Console.WriteLine(string.Create(inv, $"  {p.Configuration} (after node {split.AfterNode(p.Configuration)}): {p.LatencyMs,8:F1} ms {p.EnergyJ,7:F4} J acc {p.Accuracy:F2}"));
        }

        var cloud = outcomes.First(o => o.Strategy == "cloud-only");
        Console.WriteLine($"{"strategy",-20} {"met",11} {"viol",6} {"mean J",8} {"median J",9} {"vs cloud",9} {"mean ms",8} {"cloud/split/edge",17}");
        foreach (var o in outcomes)
        {
            Console.WriteLine(string.Create(inv,
                $"{o.Strategy,-20} {o.MetPercent,10:F2}% {o.Violations,6} {o.MeanEnergyJ,8:F4} {o.MedianEnergyJ,9:F4} {100 * (o.MeanEnergyJ / cloud.MeanEnergyJ - 1),8:F1}% {o.MeanLatencyMs,8:F1} " +
                $"{o.Count(Placement.Cloud),5}/{o.Count(Placement.Split)}/{o.Count(Placement.Edge)}"));
        }

        Console.WriteLine(string.Create(inv, $"live runs: {measurer.Runs}; worst max |diff| vs the whole model: {measurer.MaxDifference:E2}"));
        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = "dynasplit live", model = path, inputShape, threads, device = device.Key, edgeSlowdown = hostToEdge, link = link.Description,
                seed = options.Seed, budget = search.Budget, validSpace = search.ValidSpaceSize, measured = search.Measured.Count,
                front = search.Front.Count, liveRuns = measurer.Runs, worstMaxAbsDiff = measurer.MaxDifference,
                cuts = split.Cuts.Select(c => c.AfterNode), requests = outcomes[0].Requests.Count,
                strategies = outcomes.ToDictionary(o => o.Strategy, o => new
                {
                    met = o.Requests.Count - o.Violations, violations = o.Violations, metPercent = Math.Round(o.MetPercent, 3),
                    meanEnergyJ = Math.Round(o.MeanEnergyJ, 5), medianEnergyJ = Math.Round(o.MedianEnergyJ, 5),
                    energyVsCloudPercent = Math.Round(100 * (o.MeanEnergyJ / cloud.MeanEnergyJ - 1), 2),
                    meanLatencyMs = Math.Round(o.MeanLatencyMs, 2), medianLatencyMs = Math.Round(o.MedianLatencyMs, 2),
                    cloud = o.Count(Placement.Cloud), split = o.Count(Placement.Split), edge = o.Count(Placement.Edge),
                }),
            }));
        }
    }
}
