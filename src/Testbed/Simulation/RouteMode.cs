namespace Splitwise.Testbed.Simulation;

/// <summary>Where the residual stream may live while a plan runs.</summary>
public enum RouteMode
{
    /// <summary>
    /// The live fabric's (src/Grains, SessionForward executing the <c>ExecutionSchedule</c>): the residual is in the cloud
    /// exactly during stages wholly in the cloud (a run of them is one round trip, StageRunGrain); a stage split between
    /// the tiers runs on the edge and calls the cloud's half. The only route: the simulator costs what the fabric does.
    /// </summary>
    Fabric,
}
