using Splitwise.Planning.MultiObjective;

namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// How our offline phase spends the measurements it holds back from NSGA-III (same total budget as the
/// paper's): first the two anchors anyone would measure (fastest cloud-only, fastest edge-only), then
/// repeat runs of the configurations an energy-first scheduler will actually pick, i.e. the members of the
/// (worst recorded latency, mean energy) Pareto front, least-sampled first (ties: the faster one), each up to
/// <c>maxRunsPerConfiguration</c>. A repeat tells the online phase how much a configuration's latency varies,
/// which one lucky run cannot; the front is recomputed after every run because a repeat can push its
/// configuration off it.
/// </summary>
public static class ReservedMeasurements
{
    public static void Spend(BudgetedMeasurer ledger, ConfigurationSpace space, int maxRunsPerConfiguration)
    {
        foreach (var anchor in OfflineSearch.FastestAnchors(space).Select(space.Decode))
        {
            if (!ledger.Exhausted && ledger.IsCandidate(anchor))
                ledger.Measure(anchor);
        }

        while (!ledger.Exhausted && NextRepeat(ledger.Measured, maxRunsPerConfiguration) is { } next)
            ledger.MeasureAgain(next);
    }

    /// <summary>The front member to measure again, or null when every member has its runs.</summary>
    public static Configuration? NextRepeat(IReadOnlyList<ConfigurationProfile> measured, int maxRunsPerConfiguration)
    {
        var points = measured.Select(p => (IReadOnlyList<double>)[p.LatencySamplesOrObjective.Max(), p.MeanEnergyJ]).ToList();
        return Dominance.NonDominatedIndices(points)
            .Select(i => measured[i])
            .Where(p => p.LatencySamplesOrObjective.Length < maxRunsPerConfiguration)
            .OrderBy(p => p.LatencySamplesOrObjective.Length).ThenBy(p => p.LatencySamplesOrObjective.Max())
            .Select(p => (Configuration?)p.Configuration)
            .FirstOrDefault();
    }
}
