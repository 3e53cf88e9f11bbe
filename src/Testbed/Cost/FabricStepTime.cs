namespace Splitwise.Testbed.Cost;

/// <summary>
/// Simulated time of one forward step through the fabric. <see cref="Seconds"/> is the critical path (edge and cloud
/// parts of a stage overlap); the other figures are totals of each resource, so they may sum to more than it.
/// </summary>
/// <param name="FarCalls">stage calls that crossed the link (each crosses twice).</param>
/// <param name="GrainCalls">grain calls in the step (session, plan, stages, sub-blocks), each charged the call overhead.</param>
/// <param name="Crossings">payloads that left one tier for the other, each charged the crossing overhead.</param>
public sealed record FabricStepTime(double Seconds, double EdgeComputeSeconds, double CloudComputeSeconds, double LinkSeconds, int FarCalls, int GrainCalls, int Crossings = 0);
