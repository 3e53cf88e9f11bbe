namespace Splitwise.Planning.DynaSplit;

/// <summary>Outcome of the offline phase: what was measured and the Pareto front among it.</summary>
/// <param name="ValidSpaceSize">configurations allowed by the validity rules.</param>
/// <param name="MeasurableSpaceSize">of those, how many the testbed can run.</param>
/// <param name="Budget">measurements allowed (fraction x valid space, capped by what is measurable).</param>
public sealed record SearchResult(
    int ValidSpaceSize,
    int MeasurableSpaceSize,
    int Budget,
    List<ConfigurationProfile> Measured,
    List<ConfigurationProfile> Front);
