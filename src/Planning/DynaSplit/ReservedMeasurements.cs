using Splitwise.Planning.MultiObjective;

namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// How our offline phase spends the measurements it holds back from NSGA-III (same total budget as the
/// paper's): first the two anchors anyone would measure (fastest cloud-only, fastest edge-only), then
/// repeat runs of the configurations an energy-first scheduler will actually pick, i.e. the members of the
/// (worst recorded latency, mean energy) Pareto front, and of the two anchors whether on it or not (the cloud one
/// is the only hope of the tightest thresholds, the edge one the cheapest fallback, and each teaches its placement's
/// spread), least-sampled first (ties: the faster one), each up to <c>maxRunsPerConfiguration</c>. A repeat tells the
/// online phase how much a configuration's latency varies, which one lucky run cannot; the front is recomputed
/// after every run because a repeat can push its configuration off it.
/// </summary>
public static class ReservedMeasurements
{
    public static void Spend(BudgetedMeasurer ledger, ConfigurationSpace space, int maxRunsPerConfiguration)
    {
        var anchors = OfflineSearch.FastestAnchors(space).Select(space.Decode).ToList();
        foreach (var anchor in anchors)
        {
            if (!ledger.Exhausted && ledger.IsCandidate(anchor))
                ledger.Measure(anchor);
        }

        while (!ledger.Exhausted && NextRepeat(ledger.Measured, maxRunsPerConfiguration, anchors) is { } next)
            ledger.MeasureAgain(next);
    }

    /// <summary>The front member or anchor to measure again, or null when every one has its runs.</summary>
    public static Configuration? NextRepeat(IReadOnlyList<ConfigurationProfile> measured, int maxRunsPerConfiguration,
        IReadOnlyCollection<Configuration>? anchors = null)
    {
        var points = measured.Select(p => (IReadOnlyList<double>)[p.LatencySamplesOrObjective.Max(), p.MeanEnergyJ]).ToList();
        return Dominance.NonDominatedIndices(points)
            .Select(i => measured[i])
            .Concat(measured.Where(p => anchors?.Contains(p.Configuration) == true))
            .Distinct()
            .Where(p => p.LatencySamplesOrObjective.Length < maxRunsPerConfiguration)
            .OrderBy(p => p.LatencySamplesOrObjective.Length).ThenBy(p => p.LatencySamplesOrObjective.Max())
            .Select(p => (Configuration?)p.Configuration)
            .FirstOrDefault();
    }
}
