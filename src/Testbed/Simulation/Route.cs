using Splitwise.Contracts;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Where the residual stream is during each stage (two per layer), or a cloud session: the whole model, embeddings
/// and LM head included, runs in the cloud and only token ids cross.
/// </summary>
public sealed record Route(bool CloudSession, Tier[] Residual)
{
    public static Route Session { get; } = new(true, []);

    public static Route OnEdge(int stages) => new(false, Enumerable.Repeat(Tier.Edge, stages).ToArray());

    /// <summary>The live fabric's route for a layout: the residual in the cloud for the stages wholly there.</summary>
    public static Route Fabric(PlanLayout layout) =>
        new(false, layout.Stages.Select(s => FabricTier(s)).ToArray());

    public static Tier FabricTier(StageLayout stage) => stage.Touches(Tier.Edge) ? Tier.Edge : Tier.Cloud;
}
