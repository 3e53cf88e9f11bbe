using Splitwise.Contracts.Plans;

namespace Splitwise.Contracts.Grains;

/// <summary>Holds a model's current <see cref="PartitionPlan"/> (key: <see cref="FabricKeys.Plan"/>) and applies new versions.</summary>
public interface IPlanGrain : IGrainWithStringKey
{
    /// <summary>The current plan; all sub-blocks on the edge (version 1) until one is set.</summary>
    /// <remarks>
    /// Interleaves: applying a plan activates sub-blocks, whose placement may ask for the plan while
    /// <see cref="SetPlan"/> is still running.
    /// </remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<PartitionPlan> GetPlan();

    /// <summary>The model's dimensions a plan must fit, and the decomposition the fabric serves it with.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<(ModelDimensions Model, DecompositionSpec Spec)> Shape();

    /// <summary>
    /// Validates the plan, stamps the next version, stores it, and moves exactly the sub-blocks whose tier changed.
    /// All or nothing: when a tier the plan uses has no silo, nothing is stored or published and the reply says
    /// so (<see cref="PlanChange.Applied"/> false, the version still in force).
    /// </summary>
    /// <exception cref="Errors.InvalidPlanException">the plan does not fit the model or names an unknown codec.</exception>
    Task<PlanChange> SetPlan(PartitionPlan plan);
}

/// <summary>
/// The version a plan got and the sub-blocks that were asked to move for it; or, when not applied, the version still
/// in force and why.
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.PlanChange")]
public sealed record PlanChange(
    [property: Id(0)] long Version,
    [property: Id(1)] SubBlockId[] Moved,
    [property: Id(2)] bool Applied = true,
    [property: Id(3)] string? Reason = null);
