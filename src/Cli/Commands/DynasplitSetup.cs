using System.Globalization;
using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>
/// The inputs of `dynasplit replay|simulate` and the strategies for one seed: DynaSplit on the paper's offline
/// phase (NSGA-III spends the whole budget), ours on our offline phase (same budget and seed, a reserve for
/// anchors and repeats), and the paper's baselines (cloud = every layer in the cloud at the top CPU frequency
/// on the GPU; edge = every layer on the edge at the top frequency with the TPU at `max`; `energy`/`latency` =
/// the front's cheapest/fastest member).
/// </summary>
public sealed class DynasplitSetup
{
    private readonly CliArgs _args;

    public DynasplitSetup(CliArgs args, bool simulate)
    {
        _args = args;
        PoolPath = DynasplitInputs.Resolve(args, "pool", DynaSplitData.PoolFile);
        ThresholdsPath = DynasplitInputs.Resolve(args, "thresholds", simulate ? DynaSplitData.Thresholds10000File : DynaSplitData.Thresholds50File);
        Pool = new MeasurementPool(PoolCsv.Read(PoolPath));
        Space = Pool.Space(!args.Has("no-edge-accelerator"));
        Thresholds = ThresholdCsv.Read(ThresholdsPath);
        SwitchCostMs = args.GetDouble("switch-cost-ms", 0);
        RobustSwitchCostMs = args.GetDouble("robust-switch-cost-ms", SwitchCostMs);
        Confidence = args.GetDouble("confidence", args.GetDouble("percentile", RobustScheduler.DefaultConfidence));
        Emulated = Emulation(args, Pool);
        MissCostJ = args.GetDouble("miss-cost-j", RobustScheduler.DefaultMissCostJ);
    }

    /// <summary>The options of replay and simulate beyond the offline phase's (<see cref="DynasplitSearch.Declare"/>).</summary>
    public static void Declare(CliSpec spec) => spec
        .Text("thresholds", "the latency thresholds CSV (default: the data folder's, 50 for replay, 10,000 for simulate)")
        .Text("front", "a front file from `dynasplit search --out` instead of searching in-process")
        .Text("robust-front", "the same for dynasplit-robust")
        .Int("robust-reserve", "measurements held back for ours (default 20)", min: 0)
        .Double("switch-cost-ms", "added per hardware change (default 0, as the paper)", min: 0)
        .Double("robust-switch-cost-ms", "the switch cost ours plans with (default --switch-cost-ms)", min: 0)
        .Double("confidence", "the chance ours requires of a configuration", min: 0, max: 1)
        .Double("percentile", "former name of --confidence", min: 0, max: 1)
        .Double("miss-cost-j", "joules ours prices a missed deadline at", min: 0)
        .Int("seeds", "repeat the experiment for seeds FIRST..FIRST+N-1 (default 10 when given)", min: 1)
        .Int("first-seed", "first seed of a sweep (default 1)")
        .Double("target", "met share to reach in a sweep, percent (default 98.5)", min: 0, max: 100)
        .Text("plots", "write PNG plots into this folder")
        .Json();

    public string PoolPath { get; }
    public string ThresholdsPath { get; }
    public MeasurementPool Pool { get; }
    public ConfigurationSpace Space { get; }
    public List<double> Thresholds { get; }
    public double SwitchCostMs { get; }
    public double RobustSwitchCostMs { get; }
    /// <summary>`--confidence` (`--percentile`, its former name): the chance ours requires of a configuration.</summary>
    public double Confidence { get; }
    public PoolEmulation Emulated { get; }

    /// <summary>`--miss-cost-j`: the joules ours prices a missed deadline at.</summary>
    public double MissCostJ { get; }

    /// <summary>`--trial-noise` (the faithful emulation of the paper's trials; `--iid-trials` for its stricter variant), `--rerun-noise`, or neither (the paper's code literally).</summary>
    public static PoolEmulation Emulation(CliArgs args, MeasurementPool pool) => (args.Has("trial-noise"), args.Has("rerun-noise")) switch
    {
        (true, true) => throw new CliUsageException("--trial-noise and --rerun-noise are alternatives; give one"),
        (false, _) when args.Has("iid-trials") => throw new CliUsageException("--iid-trials is a variant of --trial-noise; give both"),
        (true, false) => args.Has("iid-trials") ? PoolEmulation.IidTrial(pool) : PoolEmulation.Trial(pool),
        (false, true) => PoolEmulation.Rerun(pool),
        _ => PoolEmulation.Literal(pool),
    };

    public sealed record Strategies(IOnlineScheduler[] Schedulers, string FrontSource, string RobustSource, FrontFile Robust);

    public Strategies For(int seed)
    {
        var (front, frontSource) = LoadFront("front", DynasplitSearch.Options(_args) with { Seed = seed });
        var (robust, robustSource) = LoadFront("robust-front", DynasplitSearch.RobustOptions(_args) with { Seed = seed });
        var anchors = OfflineSearch.FastestAnchors(Space).Select(Space.Decode).ToList();
        var means = Pool.MeanProfiles();
        IOnlineScheduler[] schedulers =
        [
            new DynaSplitScheduler(front.Front),
            new RobustScheduler(robust.Measured, Space, Confidence, RobustSwitchCostMs, MissCostJ),
            new CloudOnlyScheduler(Pool.MeanProfileOf(anchors[0]) is { } cloud ? [cloud] : means, Space),
            new EdgeOnlyScheduler(Pool.MeanProfileOf(anchors[1]) is { } edge ? [edge] : means, Space),
            new LowestEnergyScheduler(front.Front),
            new FastestScheduler(front.Front),
        ];
        return new Strategies(schedulers, frontSource, robustSource, robust);
    }

    public List<StrategyOutcome> Run(Strategies strategies, int seed) =>
        strategies.Schedulers.Select(s => PoolReplay.Run(s, Thresholds, Pool, Space, seed, SwitchCostMs, Emulated.Outcomes)).ToList();

    public string Method(int seed, Strategies s) =>
        $"{Thresholds.Count} requests with the thresholds of {Path.GetFileName(ThresholdsPath)} in file order; as the authors' simulation " +
        $"(hpc-tuwien/SPLINTER controller/simulate.py), each strategy picks a configuration per request and the outcome is one recorded run of it " +
        $"drawn uniformly at random (seed {seed}, same seed per strategy) from {Path.GetFileName(PoolPath)} ({Pool.RunCount} runs); a hardware change adds " +
        $"{F(SwitchCostMs)} ms (0 = as the paper, whose recorded latencies exclude reconfiguration); met = latency <= threshold. " +
        Emulated.Describe() +
        $"dynasplit front: {s.FrontSource}. dynasplit-robust: {s.RobustSource}; per request, measured configurations from the lowest mean energy " +
        $"up to the first whose chance of meeting the threshold is >= {F(Confidence)}, the lowest mean energy + {F(MissCostJ)} J x (1 - chance) wins; the chance " +
        $"is read off its runs x the between-run ratios of the repeats of its placement ({Ratios(s)}), shrunk to the power 1/sqrt(runs), the latest " +
        $"{RobustScheduler.ObservedWindow} requests it served on a configuration joining that configuration's runs (closed loop; the paper's is open loop), " +
        $"switch cost {F(RobustSwitchCostMs)} ms in its decisions. Baselines: cloud-only/edge-only fixed as the paper's, fixed-* from the dynasplit front.";

    private (FrontFile Front, string Source) LoadFront(string option, OfflineSearchOptions options)
    {
        if (_args.Get(option) is { } path)
        {
            if (!File.Exists(path))
                throw new CliUsageException($"--{option}: file not found: {path} (create it with `dynasplit search --out {path}`)");
            return (FrontFile.FromJson(File.ReadAllText(path)), path);
        }

        var file = DynasplitSearch.Search(PoolPath, options, _args.Has("no-edge-accelerator"), Emulated);
        return (file, string.Create(CultureInfo.InvariantCulture,
            $"searched in-process: budget {options.BudgetFraction} ({file.Budget} runs), seed {options.Seed}, reserve {options.ReservedMeasurements}, " +
            $"{file.Measured.Count} configurations measured in {file.Measured.Sum(m => m.LatencySamplesOrObjective.Length)} runs, {file.Front.Count} on the front"));
    }

    private static string Ratios(Strategies s) =>
        string.Join(", ", ((RobustScheduler)s.Schedulers[1]).Ratios.Select(r => $"{r.Key.ToString().ToLowerInvariant()} {r.Value.Length}"));

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
