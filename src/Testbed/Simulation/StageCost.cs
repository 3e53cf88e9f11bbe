namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Time and resource use of a piece of work (a stage, a token, a request): wall seconds, compute seconds per tier, link
/// bytes and the radio's serialisation seconds each way (what the edge's energy model charges as transmit/receive).
/// </summary>
public readonly record struct StageCost(
    double Seconds, double EdgeComputeSeconds, double CloudComputeSeconds, long BytesUp, long BytesDown, double TransmitSeconds, double ReceiveSeconds)
{
    public static StageCost Zero => default;

    public bool Stalled => double.IsPositiveInfinity(Seconds);

    public static StageCost operator +(StageCost a, StageCost b) => new(
        a.Seconds + b.Seconds, a.EdgeComputeSeconds + b.EdgeComputeSeconds, a.CloudComputeSeconds + b.CloudComputeSeconds,
        a.BytesUp + b.BytesUp, a.BytesDown + b.BytesDown, a.TransmitSeconds + b.TransmitSeconds, a.ReceiveSeconds + b.ReceiveSeconds);

    public StageCost Scaled(double k) => new(
        Seconds * k, EdgeComputeSeconds * k, CloudComputeSeconds * k, (long)Math.Round(BytesUp * k), (long)Math.Round(BytesDown * k),
        TransmitSeconds * k, ReceiveSeconds * k);

    /// <summary>a + (b - a) x t, field by field: a cost that grows linearly between two points.</summary>
    public static StageCost Lerp(StageCost a, StageCost b, double t) => new(
        a.Seconds + (b.Seconds - a.Seconds) * t,
        a.EdgeComputeSeconds + (b.EdgeComputeSeconds - a.EdgeComputeSeconds) * t,
        a.CloudComputeSeconds + (b.CloudComputeSeconds - a.CloudComputeSeconds) * t,
        a.BytesUp + (long)Math.Round((b.BytesUp - a.BytesUp) * t),
        a.BytesDown + (long)Math.Round((b.BytesDown - a.BytesDown) * t),
        a.TransmitSeconds + (b.TransmitSeconds - a.TransmitSeconds) * t,
        a.ReceiveSeconds + (b.ReceiveSeconds - a.ReceiveSeconds) * t);
}

internal static class StageCostExtensions
{
    public static StageCost WithCompute(this StageCost c, Splitwise.Contracts.Tier tier, double seconds) =>
        tier == Splitwise.Contracts.Tier.Edge
            ? c with { EdgeComputeSeconds = c.EdgeComputeSeconds + seconds }
            : c with { CloudComputeSeconds = c.CloudComputeSeconds + seconds };
}
