using System.Globalization;
using System.Text.Json;
using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `dynasplit replay` (the paper's 50 testbed thresholds) and `dynasplit simulate` (its 10,000):
/// every strategy, same seed, outcomes drawn from the pool. Replay also reports what the paper's
/// strategies measured on the real testbed for the same 50 requests, when that file is present.
/// </summary>
public static class DynasplitReplay
{
    public static int Run(CliArgs args, bool simulate)
    {
        var poolPath = DynasplitInputs.Resolve(args, "pool", DynaSplitData.PoolFile);
        var thresholdsPath = DynasplitInputs.Resolve(args, "thresholds", simulate ? DynaSplitData.Thresholds10000File : DynaSplitData.Thresholds50File);
        var seed = args.GetInt("seed", 1);
        var switchCost = args.GetDouble("switch-cost-ms", 0);
        var robustSwitchCost = args.GetDouble("robust-switch-cost-ms", switchCost);
        var percentile = args.GetDouble("percentile", RobustScheduler.DefaultPercentile);

        var pool = new MeasurementPool(PoolCsv.Read(poolPath));
        var space = pool.Space(!args.Has("no-edge-accelerator"));
        var thresholds = ThresholdCsv.Read(thresholdsPath);
        var (front, frontSource) = LoadFront(args, "front", poolPath);
        // Ours may come with its own offline phase (e.g. `search --anchors`) at the same budget.
        var (robustFront, robustSource) = args.Has("robust-front") ? LoadFront(args, "robust-front", poolPath) : (front, frontSource);

        IOnlineScheduler[] strategies =
        [
            new DynaSplitScheduler(front.Front),
            new RobustScheduler(robustFront.Measured, percentile, robustSwitchCost),
            new CloudOnlyScheduler(pool.MeanProfiles(), space),
            new EdgeOnlyScheduler(pool.MeanProfiles(), space),
            new LowestEnergyScheduler(front.Front),
            new FastestScheduler(front.Front),
        ];
        var outcomes = strategies.Select(s => PoolReplay.Run(s, thresholds, pool, space, seed, switchCost)).ToList();

        Console.WriteLine($"method: {(simulate ? "simulation" : "testbed replay")} of {thresholds.Count} requests with the thresholds of " +
                          $"{Path.GetFileName(thresholdsPath)}, in file order; each strategy picks a configuration per request and the request's " +
                          $"outcome is one run of that configuration drawn at random (seed {seed}, same seed per strategy) from {Path.GetFileName(poolPath)} " +
                          $"({pool.RunCount} runs); a hardware change adds {switchCost.ToString(CultureInfo.InvariantCulture)} ms to that request " +
                          $"(0 = as the paper's simulation); met = latency <= threshold. Front: {frontSource}. dynasplit-robust measured set: {robustSource}; p{percentile * 100:F0} " +
                          $"latency bound, switch cost {robustSwitchCost.ToString(CultureInfo.InvariantCulture)} ms in its decisions.");
        var cloud = outcomes.First(o => o.Strategy == "cloud-only");
        Console.WriteLine($"{"strategy",-20} {"met",11} {"viol",6} {"mean J",8} {"median J",9} {"vs cloud",9} {"mean ms",8} {"cloud/split/edge",17}");
        foreach (var o in outcomes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Strategy,-20} {o.MetPercent,10:F2}% {o.Violations,6} {o.MeanEnergyJ,8:F2} {o.MedianEnergyJ,9:F2} {100 * (o.MeanEnergyJ / cloud.MeanEnergyJ - 1),8:F1}% {o.MeanLatencyMs,8:F1} " +
                $"{o.Count(Placement.Cloud),5}/{o.Count(Placement.Split)}/{o.Count(Placement.Edge)}"));
        }

        var paper = simulate ? null : PaperTestbed(args);
        if (args.Get("plots") is { } plotDir)
            Console.WriteLine($"plots: {string.Join(", ", DynasplitPlots.Write(plotDir, outcomes, simulate ? "simulation" : "replay"))}");

        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = simulate ? "dynasplit simulate" : "dynasplit replay", pool = poolPath, thresholds = thresholdsPath, front = frontSource, robustFront = robustSource,
                seed, switchCostMs = switchCost, robustSwitchCostMs = robustSwitchCost, percentile, requests = thresholds.Count,
                strategies = outcomes.ToDictionary(o => o.Strategy, o => new
                {
                    met = o.Requests.Count - o.Violations, violations = o.Violations, metPercent = Math.Round(o.MetPercent, 3),
                    meanEnergyJ = Math.Round(o.MeanEnergyJ, 4), medianEnergyJ = Math.Round(o.MedianEnergyJ, 4),
                    energyVsCloudPercent = Math.Round(100 * (o.MeanEnergyJ / cloud.MeanEnergyJ - 1), 2),
                    meanLatencyMs = Math.Round(o.MeanLatencyMs, 2), medianLatencyMs = Math.Round(o.MedianLatencyMs, 2),
                    cloud = o.Count(Placement.Cloud), split = o.Count(Placement.Split), edge = o.Count(Placement.Edge),
                }),
                paperTestbed = paper,
            }));
        }

        return 0;
    }

    private static (FrontFile Front, string Source) LoadFront(CliArgs args, string option, string poolPath)
    {
        if (args.Get(option) is { } path)
        {
            if (!File.Exists(path))
                throw new CliUsageException($"--{option}: file not found: {path} (create it with `dynasplit search --out {path}`)");
            return (FrontFile.FromJson(File.ReadAllText(path)), path);
        }

        var options = DynasplitSearch.Options(args);
        var file = DynasplitSearch.Search(poolPath, options, args.Has("no-edge-accelerator"));
        return (file, string.Create(CultureInfo.InvariantCulture,
            $"searched in-process (no --front): budget {options.BudgetFraction}, seed {options.Seed}, {file.Measured.Count} measured, {file.Front.Count} on the front"));
    }

    /// <summary>Met count and mean energy per strategy as recorded on the paper's real testbed.</summary>
    private static Dictionary<string, object>? PaperTestbed(CliArgs args)
    {
        var path = DynasplitInputs.OptionalTestbedResults(args);
        if (path is null)
            return null;
        var results = TestbedResultsCsv.Read(path);
        Console.WriteLine($"paper's real testbed ({Path.GetFileName(path)}; recorded, not replayed; splinter:latency = DynaSplit):");
        var summary = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var g in results.GroupBy(r => r.Strategy).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var met = g.Count(r => r.LatencyMs <= r.ThresholdMs);
            var energy = g.Average(r => r.EnergyJ);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Key,-28} met {met}/{g.Count()}  mean energy {energy:F2} J"));
            summary[g.Key] = new { met, requests = g.Count(), meanEnergyJ = Math.Round(energy, 4) };
        }

        return summary;
    }
}
