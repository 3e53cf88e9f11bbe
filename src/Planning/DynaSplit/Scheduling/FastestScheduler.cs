namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>Baseline (the paper's `latency`): always the front's fastest configuration, thresholds ignored.</summary>
public sealed class FastestScheduler(IEnumerable<ConfigurationProfile> front)
    : FixedChoiceScheduler("fixed-fastest", Require(front, p => p.LatencyMs, "front"));
