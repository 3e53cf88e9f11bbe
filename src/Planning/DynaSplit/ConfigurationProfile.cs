namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// What the offline phase knows about one measured configuration: the objectives of the run it drew
/// (what DynaSplit's front records), plus every latency/energy the testbed recorded for it (what a
/// distribution-aware scheduler needs).
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

    /// <summary>The objective vector NSGA-III minimises: latency, energy, error (1 - accuracy).</summary>
    public double[] Objectives() => [LatencyMs, EnergyJ, 1.0 - Accuracy];
}
