namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// Our online rule, `dynasplit-robust`. Same goal as the paper's (least energy that meets the
/// threshold) but feasibility is judged on what a request will actually see:
/// <list type="number">
/// <item>Latency bound = the <c>Percentile</c> (default p95) of the configuration's recorded latencies,
/// not one (possibly lucky) run. A configuration with fewer than <c>MinSamples</c> runs gets its single
/// latency inflated by the typical p95/median ratio of the well-sampled configurations, learnt at
/// construction from the measured set (so an unknown tail is not assumed to be zero).</item>
/// <item>A hardware change (CPU frequency, edge accelerator mode, cloud GPU) adds the switching delay
/// (<see cref="SwitchingCost"/>); staying on the current hardware is free.</item>
/// <item>Candidates are the whole measured set, not only the front: a configuration dominated on the
/// single recorded run can still have the best tail.</item>
/// </list>
/// Among feasible candidates the lowest mean energy wins (ties: no switch, then lower bound). When none is
/// feasible the request will likely be late anyway, so take the one most likely to make it (largest share
/// of recorded runs under the threshold), then the lowest energy, then the smallest bound.
/// </summary>
public sealed class RobustScheduler : IOnlineScheduler
{
    private readonly (ConfigurationProfile Profile, double Bound)[] _candidates;
    private readonly double _switchCostMs;

    public RobustScheduler(IReadOnlyCollection<ConfigurationProfile> measured, double percentile = 0.95,
        double switchCostMs = SwitchingCost.PaperMedianMs, int minSamples = 5)
    {
        if (measured.Count == 0)
            throw new ArgumentException("no measured configurations", nameof(measured));
        _switchCostMs = switchCostMs;
        var wellSampled = measured.Where(p => p.LatencySamplesMs.Length >= minSamples).ToList();
        TailInflation = wellSampled.Count == 0
            ? 1.0
            : Math.Max(1.0, Quantile.Of(wellSampled.Select(p =>
                Quantile.Of(p.LatencySamplesMs, percentile) / Quantile.Of(p.LatencySamplesMs, 0.5)).ToList(), 0.5));
        _candidates = measured.Select(p => (p, p.LatencySamplesMs.Length >= minSamples
                ? Quantile.Of(p.LatencySamplesMs, percentile)
                : p.LatencyMs * TailInflation))
            .ToArray();
    }

    public string Name => "dynasplit-robust";

    /// <summary>Factor applied to the latency of configurations with too few runs to have a tail of their own.</summary>
    public double TailInflation { get; }

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

        return scored.OrderByDescending(s => ShareUnder(s.Profile, thresholdMs - s.Delay))
            .ThenBy(s => s.Profile.MeanEnergyJ).ThenBy(s => s.Bound).First().Profile;
    }

    private static double ShareUnder(ConfigurationProfile p, double budgetMs)
    {
        var samples = p.LatencySamplesMs.Length == 0 ? [p.LatencyMs] : p.LatencySamplesMs;
        return samples.Count(s => s <= budgetMs) / (double)samples.Length;
    }
}
