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
        Percentile = args.GetDouble("percentile", RobustScheduler.DefaultPercentile);
        Noise = args.Has("rerun-noise") ? new RerunNoise(Pool) : null;
    }

    public string PoolPath { get; }
    public string ThresholdsPath { get; }
    public MeasurementPool Pool { get; }
    public ConfigurationSpace Space { get; }
    public List<double> Thresholds { get; }
    public double SwitchCostMs { get; }
    public double RobustSwitchCostMs { get; }
    public double Percentile { get; }
    public RerunNoise? Noise { get; }

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
            new RobustScheduler(robust.Measured, Percentile, RobustSwitchCostMs),
            new CloudOnlyScheduler(Pool.MeanProfileOf(anchors[0]) is { } cloud ? [cloud] : means, Space),
            new EdgeOnlyScheduler(Pool.MeanProfileOf(anchors[1]) is { } edge ? [edge] : means, Space),
            new LowestEnergyScheduler(front.Front),
            new FastestScheduler(front.Front),
        ];
        return new Strategies(schedulers, frontSource, robustSource, robust);
    }

    public List<StrategyOutcome> Run(Strategies strategies, int seed) =>
        strategies.Schedulers.Select(s => PoolReplay.Run(s, Thresholds, Pool, Space, seed, SwitchCostMs, Noise)).ToList();

    public string Method(int seed, Strategies s) =>
        $"{Thresholds.Count} requests with the thresholds of {Path.GetFileName(ThresholdsPath)} in file order; as the authors' simulation " +
        $"(hpc-tuwien/SPLINTER controller/simulate.py), each strategy picks a configuration per request and the outcome is one recorded run of it " +
        $"drawn uniformly at random (seed {seed}, same seed per strategy) from {Path.GetFileName(PoolPath)} ({Pool.RunCount} runs); a hardware change adds " +
        $"{F(SwitchCostMs)} ms (0 = as the paper, whose recorded latencies exclude reconfiguration); met = latency <= threshold. " +
        (Noise is null ? "" : $"EMULATED --rerun-noise (not the paper's method): a configuration recorded once gets that run x a between-run latency ratio of the pool ({Noise.RatioCount} ratios), in the offline searches and the outcomes alike. ") +
        $"dynasplit front: {s.FrontSource}. dynasplit-robust: {s.RobustSource}; p{Percentile * 100:F0} bound of its measured runs " +
        $"(margin x{F(((RobustScheduler)s.Schedulers[1]).Margin)} on configurations with fewer than {RobustScheduler.MinRunsForPercentile}), " +
        $"switch cost {F(RobustSwitchCostMs)} ms in its decisions. Baselines: cloud-only/edge-only fixed as the paper's, fixed-* from the dynasplit front.";

    private (FrontFile Front, string Source) LoadFront(string option, OfflineSearchOptions options)
    {
        if (_args.Get(option) is { } path)
        {
            if (!File.Exists(path))
                throw new CliUsageException($"--{option}: file not found: {path} (create it with `dynasplit search --out {path}`)");
            return (FrontFile.FromJson(File.ReadAllText(path)), path);
        }

        var file = DynasplitSearch.Search(PoolPath, options, _args.Has("no-edge-accelerator"), Noise is not null);
        return (file, string.Create(CultureInfo.InvariantCulture,
            $"searched in-process: budget {options.BudgetFraction} ({file.Budget} runs), seed {options.Seed}, reserve {options.ReservedMeasurements}, " +
            $"{file.Measured.Count} configurations measured in {file.Measured.Sum(m => m.LatencySamplesOrObjective.Length)} runs, {file.Front.Count} on the front"));
    }

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
