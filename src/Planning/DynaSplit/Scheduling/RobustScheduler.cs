namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// Our online rule, `dynasplit-robust`. Same goal as the paper's (least energy that meets the threshold), but
/// judged on what a request will actually see, using only the runs the offline phase paid for
/// (<see cref="ReservedMeasurements"/> buys repeats within the same budget):
/// <list type="number">
/// <item>Chance: each measured configuration's chance of meeting the threshold is read off its
/// <see cref="LatencyForecast"/>: its runs, each spread by the between-run ratios learned from the repeats of
/// configurations with the same placement (cloud only, split, edge only; an edge-only run never touches the
/// network), because one run says nothing about its own tail. A hardware change (CPU frequency, edge
/// accelerator mode, cloud GPU) first takes the switching delay (<see cref="SwitchingCost"/>) off the threshold.</item>
/// <item>Expected cost = mean measured energy + <see cref="MissCostJ"/> x (1 - chance): a missed deadline is
/// priced in joules (default 200 J, about three cloud-only requests: the cloud is worth its energy for a
/// request it has about a 1/3 better chance to serve in time than the edge).</item>
/// <item>Candidates are the whole measured set, not only the front, scanned from the lowest mean energy up to
/// and including the first configuration whose chance is at least <c>Confidence</c> (0.8); the lowest expected
/// cost among them wins. The confidence caps what a request may spend on safety (dearer ones are not looked
/// at once a cheaper one is confidently on time); below it the miss cost decides, so a cheap configuration that
/// is nearly as likely beats a dearer one, and a request that nothing can serve in time (no chance anywhere, or
/// too little to pay for the energy) runs at the lowest energy instead of burning the fastest configuration's.</item>
/// <item>Closed loop: the latency of every request it serves (<see cref="Observe"/>) joins the runs of the configuration
/// that served it, the latest <see cref="ObservedWindow"/> of them, so a configuration that one lucky run made look fast
/// (or slow) is judged on what it actually does after a few requests, and one whose latency drifts on its recent runs.
/// The offline budget is unchanged: these are the requests being served anyway. The paper's scheduler is open loop.</item>
/// </list>
/// </summary>
public sealed class RobustScheduler : IOnlineScheduler
{
    public const double DefaultConfidence = 0.8;

    public const double DefaultMissCostJ = 200;

    /// <summary>How many of a configuration's latest observed requests join its offline runs.</summary>
    public const int ObservedWindow = 32;

    private readonly (ConfigurationProfile Profile, LatencyForecast Forecast)[] _byEnergy;
    private readonly Dictionary<Configuration, (int Index, Queue<double> Observed)> _observed = new();
    private readonly ConfigurationSpace _space;
    private readonly double _confidence;
    private readonly double _switchCostMs;

    public RobustScheduler(IReadOnlyCollection<ConfigurationProfile> measured, ConfigurationSpace space, double confidence = DefaultConfidence,
        double switchCostMs = SwitchingCost.PaperMedianMs, double missCostJ = DefaultMissCostJ)
    {
        if (measured.Count == 0)
            throw new ArgumentException("no measured configurations", nameof(measured));
        if (confidence is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(confidence), "confidence must be in (0, 1]");
        if (missCostJ < 0)
            throw new ArgumentOutOfRangeException(nameof(missCostJ), "the miss cost cannot be negative");
        _space = space;
        _confidence = confidence;
        _switchCostMs = switchCostMs;
        MissCostJ = missCostJ;
        Ratios = LatencyForecast.LearnedRatios(measured, space);
        _byEnergy = measured.Select(p => (p, new LatencyForecast(p.LatencySamplesOrObjective, Ratios[space.PlacementOf(p.Configuration)])))
            .OrderBy(c => c.p.MeanEnergyJ).ToArray();
        for (var i = 0; i < _byEnergy.Length; i++)
            _observed[_byEnergy[i].Profile.Configuration] = (i, new Queue<double>(ObservedWindow + 1));
    }

    public string Name => "dynasplit-robust";

    /// <summary>Joules a missed deadline is worth.</summary>
    public double MissCostJ { get; }

    /// <summary>The between-run latency ratios learned from the repeats, per placement.</summary>
    public IReadOnlyDictionary<Placement, double[]> Ratios { get; }

    public ConfigurationProfile Choose(double thresholdMs, Configuration? current)
    {
        var best = _byEnergy[0].Profile;
        var bestCost = double.PositiveInfinity;
        foreach (var (profile, forecast) in _byEnergy)
        {
            var chance = Chance(forecast, profile.Configuration, thresholdMs, current);
            var cost = ExpectedCostJ(profile, chance);
            if (cost < bestCost)
                (best, bestCost) = (profile, cost);
            if (chance >= _confidence)
                break;
        }

        return best;
    }

    /// <summary>A served request's latency joins its configuration's runs (one the offline phase never measured teaches nothing: it is never chosen).</summary>
    public void Observe(Configuration configuration, double latencyMs)
    {
        if (!double.IsFinite(latencyMs) || latencyMs < 0)
            throw new ArgumentOutOfRangeException(nameof(latencyMs), $"an observed latency must be a finite, non-negative number of ms, not {latencyMs}");
        if (!_observed.TryGetValue(configuration, out var entry))
            return;
        entry.Observed.Enqueue(latencyMs);
        if (entry.Observed.Count > ObservedWindow)
            entry.Observed.Dequeue();
        var profile = _byEnergy[entry.Index].Profile;
        var runs = profile.LatencySamplesOrObjective.Concat(entry.Observed).ToArray();
        _byEnergy[entry.Index] = (profile, new LatencyForecast(runs, Ratios[_space.PlacementOf(configuration)]));
    }

    public double ExpectedCostJ(ConfigurationProfile p, double chance) => p.MeanEnergyJ + MissCostJ * (1 - chance);

    /// <summary>The chance <paramref name="p"/> (a measured configuration) meets <paramref name="thresholdMs"/> from <paramref name="current"/>, as this scheduler judges it.</summary>
    public double Chance(ConfigurationProfile p, double thresholdMs, Configuration? current) =>
        Chance(_byEnergy[_observed[p.Configuration].Index].Forecast, p.Configuration, thresholdMs, current);

    private double Chance(LatencyForecast forecast, Configuration c, double thresholdMs, Configuration? current) =>
        forecast.Probability(thresholdMs - SwitchingCost.DelayMs(current, c, _switchCostMs));
}
