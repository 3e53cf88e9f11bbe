namespace Splitwise.Testbed.Traces;

/// <summary>
/// How a trace becomes an edge-cloud link.
/// </summary>
/// <param name="UplinkRatio">
/// Uplink capacity = trace capacity x this ratio (downlink = the trace's capacity). The real traces measure downlink
/// throughput only, and the edge sends activations *up*, so this is the main assumption of any trace-driven run;
/// 1 means "use the measured figure both ways".
/// </param>
/// <param name="DefaultRttMs">
/// RTT where the trace has none (Mahimahi files, CSV without a third column, a 5G file without any PINGAVG).
/// 74 ms = the median PINGAVG over the 2,507 pings of ../shared/data/net/5g-download (computed when this default was set).
/// </param>
/// <param name="Loop">Repeat the trace after its end (Mahimahi's own convention) instead of holding the last sample forever.</param>
/// <param name="MahimahiWindow">Window over which Mahimahi packet opportunities are counted into one Mbit/s figure.</param>
public sealed record TraceOptions(
    double UplinkRatio = 1.0,
    double DefaultRttMs = 74,
    bool Loop = false,
    TimeSpan? MahimahiWindow = null)
{
    public static TraceOptions Default { get; } = new();

    public TimeSpan Window => MahimahiWindow ?? TimeSpan.FromSeconds(1);

    public TraceOptions Validated()
    {
        if (!(UplinkRatio > 0) || double.IsInfinity(UplinkRatio))
            throw new ArgumentException($"uplink ratio must be positive, got {UplinkRatio}");
        if (!(DefaultRttMs >= 0) || double.IsInfinity(DefaultRttMs))
            throw new ArgumentException($"default RTT must be >= 0 ms, got {DefaultRttMs}");
        if (Window <= TimeSpan.Zero)
            throw new ArgumentException($"Mahimahi window must be positive, got {Window}");
        return this;
    }
}
