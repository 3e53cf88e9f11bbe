namespace Splitwise.Testbed.Cost;

/// <summary>
/// Cost of some steps of an <c>ExecutionSchedule</c>: <see cref="Seconds"/> is the critical path (the tiers' calls of a
/// stage overlap), the rest are totals per resource; <see cref="UpSeconds"/> / <see cref="DownSeconds"/> are the radio's
/// serialisation time each way (no propagation).
/// </summary>
public readonly record struct ScheduleCost(double Seconds, double EdgeComputeSeconds, double CloudComputeSeconds, long BytesUp, long BytesDown,
    double UpSeconds, double DownSeconds, double LinkSeconds, int FarCalls, int GrainCalls)
{
    public static ScheduleCost operator +(ScheduleCost a, ScheduleCost b) => new(
        a.Seconds + b.Seconds, a.EdgeComputeSeconds + b.EdgeComputeSeconds, a.CloudComputeSeconds + b.CloudComputeSeconds,
        a.BytesUp + b.BytesUp, a.BytesDown + b.BytesDown, a.UpSeconds + b.UpSeconds, a.DownSeconds + b.DownSeconds,
        a.LinkSeconds + b.LinkSeconds, a.FarCalls + b.FarCalls, a.GrainCalls + b.GrainCalls);
}
