using Splitwise.Contracts;
using Splitwise.Planning.Execution;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Where the residual stream is during each stage (two per layer), as the live fabric takes it: the
/// <see cref="ExecutionSchedule"/>'s rule (in the cloud exactly for the stages wholly there, a run of them one far call).
/// </summary>
public sealed record Route(Tier[] Residual)
{
    public static Route OnEdge(int stages) => new(Enumerable.Repeat(Tier.Edge, stages).ToArray());

    /// <summary>The live fabric's route for a layout: the session is on the edge.</summary>
    public static Route Fabric(PlanLayout layout) => new(layout.Stages.Select(FabricTier).ToArray());

    public static Tier FabricTier(StageLayout stage) => ExecutionSchedule.ResidualTier(stage.WhollyOn, Tier.Edge);
}
