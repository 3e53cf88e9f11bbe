namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>Baseline: every request fully on the edge, on the fastest edge-only configuration.</summary>
public sealed class EdgeOnlyScheduler(IEnumerable<ConfigurationProfile> candidates, ConfigurationSpace space)
    : FixedChoiceScheduler("edge-only",
        Require(candidates.Where(p => space.PlacementOf(p.Configuration) == Placement.Edge), p => p.MeanLatencyMs, "edge-only"));
