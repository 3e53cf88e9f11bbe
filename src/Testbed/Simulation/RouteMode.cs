namespace Splitwise.Testbed.Simulation;

/// <summary>Where the residual stream may live while a plan runs.</summary>
public enum RouteMode
{
    /// <summary>
    /// The live fabric (src/Grains, SessionForward): the residual is in the cloud exactly during stages wholly in the
    /// cloud (a run of them is one round trip, StageRunGrain); a stage split between the tiers runs on the edge and
    /// calls the cloud's half. A special case of <see cref="Best"/> (<see cref="Route.Fabric"/>).
    /// </summary>
    Fabric,

    /// <summary>
    /// The residual may move to the other tier between stages (it crosses in the plan's codec) and stays where it is
    /// cheapest; an all-cloud plan runs as a cloud session: token ids go up, sampled tokens come back.
    /// </summary>
    Best,
}
