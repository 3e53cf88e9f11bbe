namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// What the offline phase knows about one measured configuration: the objectives of its first measured run
/// (what DynaSplit's front records), plus the latency/energy of every run the offline phase paid for (one,
/// or more when it repeated the measurement; what a distribution-aware scheduler needs).
/// </summary>
public sealed record ConfigurationProfile(
    Configuration Configuration,
    double LatencyMs,
    double EnergyJ,
    double Accuracy,
    double[] LatencySamplesMs,
    double[] EnergySamplesJ)
{
    public double MeanEnergyJ => EnergySamplesJ.Length == 0 ? EnergyJ : EnergySamplesJ.Average();

    public double MeanLatencyMs => LatencySamplesMs.Length == 0 ? LatencyMs : LatencySamplesMs.Average();

    /// <summary>Latency samples, or the objective run alone when none were recorded.</summary>
    public double[] LatencySamplesOrObjective => LatencySamplesMs.Length == 0 ? [LatencyMs] : LatencySamplesMs;

    /// <summary>
    /// The objective vector NSGA-III minimises: latency, energy, error (1 - accuracy). Accuracy unknown (NaN, a pool without
    /// the column) is the same constant for every configuration, so it is not compared.
    /// </summary>
    public double[] Objectives() => [LatencyMs, EnergyJ, double.IsNaN(Accuracy) ? 0 : 1.0 - Accuracy];

    /// <summary>This profile with the runs of <paramref name="repeat"/> (a repeated measurement) appended; the objectives stay the first run's.</summary>
    public ConfigurationProfile WithRunsOf(ConfigurationProfile repeat)
    {
        if (repeat.Configuration != Configuration)
            throw new ArgumentException($"a repeat of ({repeat.Configuration}) cannot extend ({Configuration})", nameof(repeat));
        return this with
        {
            LatencySamplesMs = [.. LatencySamplesOrObjective, .. repeat.LatencySamplesOrObjective],
            EnergySamplesJ = [.. (EnergySamplesJ.Length == 0 ? [EnergyJ] : EnergySamplesJ), .. (repeat.EnergySamplesJ.Length == 0 ? [repeat.EnergyJ] : repeat.EnergySamplesJ)],
        };
    }
}
