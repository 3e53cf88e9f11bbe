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
/// </list>
/// </summary>
public sealed class RobustScheduler : IOnlineScheduler
{
    public const double DefaultConfidence = 0.8;

    public const double DefaultMissCostJ = 200;

    private readonly (ConfigurationProfile Profile, LatencyForecast Forecast)[] _byEnergy;
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
        _confidence = confidence;
        _switchCostMs = switchCostMs;
        MissCostJ = missCostJ;
        Ratios = LatencyForecast.LearnedRatios(measured, space);
        _byEnergy = measured.Select(p => (p, new LatencyForecast(p.LatencySamplesOrObjective, Ratios[space.PlacementOf(p.Configuration)])))
            .OrderBy(c => c.p.MeanEnergyJ).ToArray();
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

    public double ExpectedCostJ(ConfigurationProfile p, double chance) => p.MeanEnergyJ + MissCostJ * (1 - chance);

    /// <summary>The chance <paramref name="p"/> (a measured configuration) meets <paramref name="thresholdMs"/> from <paramref name="current"/>, as this scheduler judges it.</summary>
    public double Chance(ConfigurationProfile p, double thresholdMs, Configuration? current) =>
        Chance(_byEnergy.First(c => c.Profile.Configuration == p.Configuration).Forecast, p.Configuration, thresholdMs, current);

    private double Chance(LatencyForecast forecast, Configuration c, double thresholdMs, Configuration? current) =>
        forecast.Probability(thresholdMs - SwitchingCost.DelayMs(current, c, _switchCostMs));
}
