namespace Splitwise.Testbed.Simulation;

/// <summary>
/// One policy's simulation: every request's outcome, every epoch, and the plans the memory check refused (the
/// simulator kept the previous accepted plan, or the cloud session before any). A policy none of whose plans fitted
/// is <see cref="Infeasible"/>: its numbers are those of the fallback and must not be reported as its own. A run
/// stopped because the queue passed <see cref="SimulationOptions.MaxQueue"/> has <see cref="Unstable"/> set and holds
/// only the requests served until then.
/// </summary>
public sealed record PolicyRun(
    string Policy,
    IReadOnlyList<RequestOutcome> Requests,
    IReadOnlyList<EpochSample> Epochs,
    int AcceptedPlans,
    int RejectedPlans,
    string? FirstRejection,
    double WallSeconds,
    string? Unstable = null)
{
    public bool Infeasible => AcceptedPlans == 0 && RejectedPlans > 0;
}
