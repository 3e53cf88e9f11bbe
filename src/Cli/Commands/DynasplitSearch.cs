using System.Globalization;
using System.Text.Json;
using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>`dynasplit search`: the offline phase on the recorded pool; writes the front file.</summary>
public static class DynasplitSearch
{
    /// <summary>The options of the offline phase and the pool, shared by search, replay and simulate.</summary>
    public static void Declare(CliSpec spec) => spec
        .Text("pool", "the recorded measurement pool CSV (default: the data folder's)")
        .Text("data", "the DynaSplit data folder (default ../shared/data/dynasplit)")
        .Double("budget", "offline budget, share of the valid space (default 0.2)", min: 0, max: 1)
        .Int("seed", "seed (default 1)")
        .Int("population", "NSGA-III population (default 50)", min: 1)
        .Int("divisions", "NSGA-III reference divisions (default 3)", min: 1)
        .Flag("anchors", "seed the search with the fastest cloud-only and edge-only configurations")
        .Int("reserve", "measurements held back for anchors and repeats (default 0)", min: 0)
        .Int("max-runs", "repeat runs per configuration at most (default 6)", min: 1)
        .Flag("no-edge-accelerator", "leave the edge TPU out of the space")
        .Flag("trial-noise", "emulate the paper's trials: every measurement a fresh draw")
        .Flag("iid-trials", "with --trial-noise: independent draws per trial")
        .Flag("rerun-noise", "emulate reruns: offline measurements noisy between runs");

    public static int Run(CliArgs args)
    {
        var poolPath = DynasplitInputs.Resolve(args, "pool", DynaSplitData.PoolFile);
        var options = Options(args);
        var outPath = args.Get("out", "front.json");
        var emulation = DynasplitSetup.Emulation(args, new MeasurementPool(PoolCsv.Read(poolPath)));
        var file = Search(poolPath, options, args.Has("no-edge-accelerator"), emulation);
        File.WriteAllText(outPath, file.ToJson());

        Console.WriteLine($"method: {file.Method}");
        Console.WriteLine($"valid space {file.ValidSpaceSize} configurations, {file.MeasurableSpaceSize} recorded in the pool; " +
                          $"budget {file.Budget} measurements ({options.BudgetFraction:P0} of the valid space); measured {file.Measured.Count} configurations in {file.Measured.Sum(m => m.LatencySamplesOrObjective.Length)} runs");
        Console.WriteLine($"Pareto front: {file.Front.Count} configurations -> {outPath}");
        foreach (var p in file.Front.OrderBy(p => p.EnergyJ))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Configuration,-60} latency {p.LatencyMs,8:F1} ms  energy {p.EnergyJ,7:F2} J  accuracy {(double.IsNaN(p.Accuracy) ? "unknown" : p.Accuracy.ToString("F3", CultureInfo.InvariantCulture))}  ({p.LatencySamplesMs.Length} measured runs)"));
        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = "dynasplit search", method = file.Method, pool = poolPath, budgetFraction = options.BudgetFraction, seed = options.Seed,
                validSpace = file.ValidSpaceSize, measurableSpace = file.MeasurableSpaceSize, budget = file.Budget,
                measured = file.Measured.Count, front = file.Front.Count, @out = outPath,
            }));
        }

        return 0;
    }

    public static OfflineSearchOptions Options(CliArgs args) => new()
    {
        BudgetFraction = args.GetDouble("budget", 0.2),
        Seed = args.GetInt("seed", 1),
        PopulationSize = args.GetInt("population", 50),
        ReferenceDivisions = args.GetInt("divisions", 3),
        SeedFastestAnchors = args.Has("anchors"),
        ReservedMeasurements = args.GetInt("reserve", 0),
        MaxRunsPerConfiguration = args.GetInt("max-runs", 6),
    };

    /// <summary>Our offline phase: the same budget and seed, with <c>--robust-reserve</c> (20) measurements held back for anchors and repeats.</summary>
    public static OfflineSearchOptions RobustOptions(CliArgs args) => Options(args) with { ReservedMeasurements = args.GetInt("robust-reserve", 20) };

    private static string Reserve(OfflineSearchOptions o) => o.ReservedMeasurements == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $" stopped {o.ReservedMeasurements} measurements early; those were spent on the fastest cloud-only and edge-only configurations, then on repeat runs (up to {o.MaxRunsPerConfiguration} per configuration) of the least-sampled of the two anchors and the members of the (slowest run, mean energy) front");

    /// <summary>The offline phase on the pool; with an emulation whose offline measurements are noisy (trial or rerun noise), every measurement is.</summary>
    public static FrontFile Search(string poolPath, OfflineSearchOptions options, bool noEdgeAccelerator, PoolEmulation? emulation = null)
    {
        var pool = new MeasurementPool(PoolCsv.Read(poolPath));
        var space = pool.Space(!noEdgeAccelerator);
        emulation ??= PoolEmulation.Literal(pool);
        var result = OfflineSearch.Run(space, emulation.OfflineMeasurer(options.Seed), options);
        var method = string.Create(CultureInfo.InvariantCulture,
            $"NSGA-III (Das-Dennis H={options.ReferenceDivisions}, population {options.PopulationSize}, integer genes, uniform crossover, " +
            $"uniform integer mutation{(options.SeedFastestAnchors ? ", first population seeded with the fastest cloud-only and edge-only configurations" : "")}){Reserve(options)}, objectives (latency ms, energy J, 1-accuracy); a measurement = one recorded run drawn (seed {options.Seed}) " +
            $"from {pool.RunCount} runs of {pool.Configurations.Count} configurations in {Path.GetFileName(poolPath)}; invalid, unrecorded and " +
            $"already-measured configurations pruned before measuring; front = non-dominated set of all measured configurations")
            + (emulation.IsEmulated ? $"; {emulation.Describe().TrimEnd()}" : "");
        return new FrontFile(method, poolPath, options.BudgetFraction, options.Seed, result.ValidSpaceSize, result.MeasurableSpaceSize,
            result.Budget, result.Front, result.Measured);
    }
}
