namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>Baseline (the paper's `energy`): always the front's lowest-energy configuration, thresholds ignored.</summary>
public sealed class LowestEnergyScheduler(IEnumerable<ConfigurationProfile> front)
    : FixedChoiceScheduler("fixed-lowest-energy", Require(front, p => p.EnergyJ, "front"));
