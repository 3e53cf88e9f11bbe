namespace Splitwise.Testbed.Simulation;

/// <summary>Where the residual stream may live while a plan runs.</summary>
public enum RouteMode
{
    /// <summary>
    /// Today's fabric (src/Grains, GenerationSession): the residual stays in the edge session and every stage whose
    /// sub-blocks are in the cloud is a round trip from the edge. A special case of <see cref="Best"/>.
    /// </summary>
    Fabric,

    /// <summary>
    /// The residual may move to the other tier between stages (it crosses in the plan's codec) and stays where it is
    /// cheapest; an all-cloud plan runs as a cloud session: token ids go up, sampled tokens come back.
    /// </summary>
    Best,
}
