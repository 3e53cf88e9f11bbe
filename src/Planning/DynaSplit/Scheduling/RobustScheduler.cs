namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// Our online rule, `dynasplit-robust`. Same goal as the paper's (least energy that meets the threshold),
/// but feasibility is judged on what a request will actually see, using only the runs the offline phase paid
/// for (<see cref="ReservedMeasurements"/> buys repeats of the likely picks within the same budget):
/// <list type="number">
/// <item>Each measured configuration's chance of meeting a threshold is read off its <see cref="LatencyForecast"/>:
/// its runs, each spread by the between-run ratios learned from the repeats of configurations with the same
/// placement (cloud only, split, edge only), because one run says nothing about its own tail.</item>
/// <item>A hardware change (CPU frequency, edge accelerator mode, cloud GPU) adds the switching delay
/// (<see cref="SwitchingCost"/>) before the threshold is checked; staying on the current hardware is free.</item>
/// <item>Candidates are the whole measured set, not only the front. Feasible = chance at least
/// <c>Confidence</c>; the cheapest feasible one by mean measured energy wins.</item>
/// </list>
/// When none is feasible, take the most likely to make it (ties: the cheaper). If nothing can make it at all
/// (chance 0 everywhere), the deadline is lost whatever is chosen: serve the request (late) at the lowest mean
/// energy instead of burning the fastest configuration's energy on it.
/// </summary>
public sealed class RobustScheduler : IOnlineScheduler
{
    public const double DefaultConfidence = 0.8;

    public const double DefaultMissCostJ = 200;

    public static readonly double TieJ = double.Parse(Environment.GetEnvironmentVariable("DYN_TIE") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly int MinOwnRuns = int.Parse(Environment.GetEnvironmentVariable("DYN_OWN") ?? "3");

    public double MissCostJ { get; }

    private readonly (ConfigurationProfile Profile, LatencyForecast Forecast)[] _byEnergy;
    private readonly double _confidence;
    private readonly double _switchCostMs;

    public RobustScheduler(IReadOnlyCollection<ConfigurationProfile> measured, ConfigurationSpace space, double confidence = DefaultConfidence,
        double switchCostMs = SwitchingCost.PaperMedianMs, double missCostJ = DefaultMissCostJ)
    {
        MissCostJ = missCostJ;
        if (measured.Count == 0)
            throw new ArgumentException("no measured configurations", nameof(measured));
        if (confidence is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(confidence), "confidence must be in (0, 1]");
        _confidence = confidence;
        _switchCostMs = switchCostMs;
        Ratios = LatencyForecast.LearnedRatios(measured, space);
        _byEnergy = measured.Select(p => (p, new LatencyForecast(p.LatencySamplesOrObjective,
                p.LatencySamplesOrObjective.Length >= MinOwnRuns ? [1.0] : Ratios[space.PlacementOf(p.Configuration)])))
            .OrderBy(c => c.p.MeanEnergyJ).ToArray();
    }

    public string Name => "dynasplit-robust";

    /// <summary>The between-run latency ratios learned from the repeats, per placement.</summary>
    public IReadOnlyDictionary<Placement, double[]> Ratios { get; }

    public ConfigurationProfile Choose(double thresholdMs, Configuration? current)
    {
        var best = _byEnergy[0].Profile;
        var bestCost = double.PositiveInfinity;
        var ceiling = double.PositiveInfinity;
        foreach (var (profile, forecast) in _byEnergy)
        {
            if (profile.MeanEnergyJ > ceiling)
                break;
            var chance = forecast.Probability(thresholdMs - SwitchingCost.DelayMs(current, profile.Configuration, _switchCostMs));
            var cost = profile.MeanEnergyJ + MissCostJ * (1 - chance);
            if (cost < bestCost)
                (best, bestCost) = (profile, cost);
            if (chance >= _confidence && double.IsPositiveInfinity(ceiling))
                ceiling = profile.MeanEnergyJ + TieJ;
        }

        return best;
    }

    /// <summary>The chance <paramref name="p"/> meets <paramref name="thresholdMs"/> from <paramref name="current"/>, as this scheduler judges it.</summary>
    public double Chance(ConfigurationProfile p, double thresholdMs, Configuration? current) =>
        _byEnergy.First(c => c.Profile.Configuration == p.Configuration).Forecast
            .Probability(thresholdMs - SwitchingCost.DelayMs(current, p.Configuration, _switchCostMs));
}
