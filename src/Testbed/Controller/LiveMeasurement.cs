using Splitwise.Contracts.Grains;

namespace Splitwise.Testbed.Controller;

/// <summary>
/// What the live fabric measured over one decision epoch, before it becomes an <see cref="Planning.Policies.Observation"/>
/// (<see cref="ObservationBuilder"/>).
/// </summary>
/// <param name="TimeSeconds">end of the epoch, seconds since the experiment began (the link emulator's clock).</param>
/// <param name="Link">the epoch's crossings, both meters, differenced (<see cref="LinkSums"/>), the probe's included.</param>
/// <param name="ProbeFailed">the epoch's link probe was refused (an outage).</param>
/// <param name="ActiveSessions">generations open on the edge at the end of the epoch.</param>
/// <param name="Arrivals">generations started during the epoch.</param>
/// <param name="EdgeComputeSeconds">the edge device's busy time in the epoch (measured compute plus the emulated stretch).</param>
/// <param name="CrossingTokens">tokens of the epoch whose activations crossed the link (they pay the codec's loss).</param>
/// <param name="Tokens">tokens generated in the epoch.</param>
/// <param name="CloudLoad">the shared cloud's load, [0, 1]; 0 for a dedicated cloud silo.</param>
public sealed record LiveMeasurement(
    double TimeSeconds,
    LinkSums Link,
    bool ProbeFailed,
    int ActiveSessions,
    int Arrivals,
    double EdgeComputeSeconds,
    int CrossingTokens = 0,
    int Tokens = 0,
    double CloudLoad = 0);
