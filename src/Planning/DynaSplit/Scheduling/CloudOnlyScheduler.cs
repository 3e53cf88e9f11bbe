namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>Baseline: every request fully in the cloud, on the fastest cloud-only configuration (the paper's GPU cloud).</summary>
public sealed class CloudOnlyScheduler(IEnumerable<ConfigurationProfile> candidates, ConfigurationSpace space)
    : FixedChoiceScheduler("cloud-only",
        Require(candidates.Where(p => space.PlacementOf(p.Configuration) == Placement.Cloud), p => p.MeanLatencyMs, "cloud-only"));
