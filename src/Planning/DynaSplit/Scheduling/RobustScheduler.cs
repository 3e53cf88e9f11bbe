namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// Our online rule, `dynasplit-robust`. Same goal as the paper's (least energy that meets the threshold),
/// but feasibility is judged on what a request will actually see, using only the runs the offline phase paid
/// for (<see cref="ReservedMeasurements"/> buys repeats of the likely picks within the same budget):
/// <list type="number">
/// <item>Latency bound = the <c>Percentile</c> (default p80) of the configuration's measured runs when it has at
/// least <see cref="MinRunsForPercentile"/>; with fewer, its slowest run times the <see cref="Margin"/> learned
/// from the repeats (that percentile of repeat/first-run latency ratios over every repeated configuration),
/// because one run says nothing about its own tail.</item>
/// <item>A hardware change (CPU frequency, edge accelerator mode, cloud GPU) adds the switching delay
/// (<see cref="SwitchingCost"/>); staying on the current hardware is free.</item>
/// <item>Candidates are the whole measured set, not only the front, ranked by mean measured energy.</item>
/// </list>
/// When none is feasible: if some configuration has measured runs under the threshold (after any switch),
/// take the one with the largest share of them, then the smallest bound (the paper's "fastest" fallback).
/// If no measured run of any configuration is under it, the deadline is lost whatever is chosen: serve the
/// request (late) at the lowest mean energy instead of burning the fastest configuration's energy on it.
/// </summary>
public sealed class RobustScheduler : IOnlineScheduler
{
    public const double DefaultPercentile = 0.8;

    public const int MinRunsForPercentile = 3;

    private readonly (ConfigurationProfile Profile, double Bound)[] _candidates;
    private readonly ConfigurationProfile _cheapest;
    private readonly double _switchCostMs;

    public RobustScheduler(IReadOnlyCollection<ConfigurationProfile> measured, double percentile = DefaultPercentile,
        double switchCostMs = SwitchingCost.PaperMedianMs)
    {
        if (measured.Count == 0)
            throw new ArgumentException("no measured configurations", nameof(measured));
        _switchCostMs = switchCostMs;
        Margin = LearnedMargin(measured, percentile);
        _candidates = measured.Select(p => (p, Bound(p, percentile, Margin))).OrderBy(c => c.p.MeanEnergyJ).ToArray();
        _cheapest = _candidates[0].Profile;
    }

    public string Name => "dynasplit-robust";

    /// <summary>Factor on a sparsely measured configuration's slowest run (1 when nothing was repeated).</summary>
    public double Margin { get; }

    public ConfigurationProfile Choose(double thresholdMs, Configuration? current)
    {
        var scored = _candidates.Select(c =>
        {
            var delay = SwitchingCost.DelayMs(current, c.Profile.Configuration, _switchCostMs);
            return (c.Profile, Bound: c.Bound + delay, Delay: delay);
        }).ToList();
        var feasible = scored.Where(s => s.Bound <= thresholdMs).ToList();
        if (feasible.Count > 0)
            return feasible.OrderBy(s => s.Profile.MeanEnergyJ).ThenBy(s => s.Delay).ThenBy(s => s.Bound).First().Profile;

        var best = scored.OrderByDescending(s => ShareUnder(s.Profile, thresholdMs - s.Delay)).ThenBy(s => s.Bound).First();
        return ShareUnder(best.Profile, thresholdMs - best.Delay) > 0 ? best.Profile : _cheapest;
    }

    public static double Bound(ConfigurationProfile p, double percentile, double margin)
    {
        var runs = p.LatencySamplesOrObjective;
        return runs.Length >= MinRunsForPercentile ? Quantile.Of(runs, percentile) : runs.Max() * margin;
    }

    /// <summary>The percentile of (repeat run / first run) latency over every configuration measured more than once; 1 if none.</summary>
    public static double LearnedMargin(IEnumerable<ConfigurationProfile> measured, double percentile)
    {
        var ratios = measured.Select(p => p.LatencySamplesOrObjective).Where(r => r.Length > 1)
            .SelectMany(r => r.Skip(1).Select(x => x / r[0])).ToList();
        return ratios.Count == 0 ? 1.0 : Math.Max(1.0, Quantile.Of(ratios, percentile));
    }

    private static double ShareUnder(ConfigurationProfile p, double budgetMs)
    {
        var runs = p.LatencySamplesOrObjective;
        return runs.Count(s => s <= budgetMs) / (double)runs.Length;
    }
}
