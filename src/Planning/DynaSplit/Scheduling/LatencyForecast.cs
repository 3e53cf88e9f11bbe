namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// What latency a configuration's next request may see, as far as its runs tell: each run times each between-run
/// ratio learned from repeats (run a / run b over every ordered pair of distinct runs of the configurations
/// measured more than once, see <see cref="LearnedRatios"/>), the ratio's spread shrunk to the power 1/sqrt(k) for
/// k runs. One run says nothing about its own spread, so it borrows the spread the repeated configurations showed
/// (a ratio of two runs: twice a run's variance in log space, as the gap between the one run and the next request
/// has). k runs already spread as much as the configuration does, and what is left unknown is where their centre
/// lies, so the ratio's share shrinks: the forecast's log variance is a run's variance x (1 + 1/k), the predictive
/// spread of the next draw after k, whereas every run x the full ratio would count the spread twice.
/// </summary>
public sealed class LatencyForecast
{
    private readonly double[] _sorted;

    public LatencyForecast(IReadOnlyList<double> runsMs, IReadOnlyList<double> ratios)
    {
        if (runsMs.Count == 0)
            throw new ArgumentException("no measured runs", nameof(runsMs));
        if (ratios.Count == 0)
            throw new ArgumentException("no ratios (use [1] when nothing was repeated)", nameof(ratios));
        var shrink = 1 / Math.Sqrt(runsMs.Count);
        _sorted = runsMs.SelectMany(run => ratios.Select(r => run * Math.Pow(r, shrink))).Order().ToArray();
    }

    /// <summary>Share of the forecast at or under <paramref name="budgetMs"/>: the chance the next request makes it.</summary>
    public double Probability(double budgetMs)
    {
        var index = Array.BinarySearch(_sorted, budgetMs);
        if (index < 0)
            return ~index / (double)_sorted.Length;
        while (index + 1 < _sorted.Length && _sorted[index + 1] == budgetMs)
            index++;
        return (index + 1) / (double)_sorted.Length;
    }

    public double Quantile(double q) => Scheduling.Quantile.Of(_sorted, q);

    /// <summary>
    /// The between-run ratios for each placement: run a / run b over every ordered pair of distinct runs of each
    /// configuration of that placement measured more than once. Placements differ in what varies (an edge-only
    /// run never touches the network or the cloud), so each learns its own; one with no repeat borrows every
    /// placement's ratios, and with no repeat anywhere the ratio is 1 (the runs are all there is).
    /// </summary>
    public static IReadOnlyDictionary<Placement, double[]> LearnedRatios(IEnumerable<ConfigurationProfile> measured, ConfigurationSpace space)
    {
        var byPlacement = measured.Where(p => p.LatencySamplesOrObjective.Length > 1)
            .GroupBy(p => space.PlacementOf(p.Configuration))
            .ToDictionary(g => g.Key, g => g.SelectMany(p => PairRatios(p.LatencySamplesOrObjective)).ToArray());
        double[] all = byPlacement.Count == 0 ? [1.0] : byPlacement.Values.SelectMany(r => r).ToArray();
        return Enum.GetValues<Placement>().ToDictionary(p => p, p => byPlacement.GetValueOrDefault(p) ?? all);
    }

    private static IEnumerable<double> PairRatios(double[] runs) =>
        from i in Enumerable.Range(0, runs.Length) from j in Enumerable.Range(0, runs.Length) where i != j select runs[i] / runs[j];
}
