using Splitwise.Planning.Policies;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// The encoder's input: the <see cref="Observation"/> fields (queues and their averages, bandwidth estimate, mean and
/// spread, downlink, RTT, arrival rate, cloud load, edge compute, the last uplinks of the short history) and the
/// budgets' virtual queues, each squashed to about [0, 3] (log1p of counts, seconds and rates; Mbit/s over 4 after
/// log1p). Written into a caller's buffer: no allocation.
/// </summary>
public static class StateFeatures
{
    public const int HistoryUplinks = 4;

    public const int Count = 14 + HistoryUplinks;

    /// <param name="queues">Z of the edge energy, cloud spend and accuracy loss queues, in budget shares.</param>
    public static void Write(Observation o, ReadOnlySpan<double> queues, Span<float> x)
    {
        if (x.Length < Count)
            throw new ArgumentException($"the feature buffer holds {x.Length} values, {Count} needed");
        if (queues.Length != 3)
            throw new ArgumentException($"3 virtual queues expected, got {queues.Length}");
        var b = o.Bandwidth;
        x[0] = Log(o.EdgeQueueLength);
        x[1] = Log(o.EdgeQueueMovingAverage);
        x[2] = Log(o.EdgeBacklogSeconds) / 2;
        x[3] = Mbps(b.LastMbps);
        x[4] = Mbps(b.MeanMbps);
        x[5] = Mbps(Math.Sqrt(Math.Max(0, b.VarianceMbps2)));
        x[6] = Mbps(b.DownlinkLastMbps);
        x[7] = (float)Math.Min(5, o.RttMsEstimate / 100);
        // Arrivals per minute: commuter's are about one every two minutes.
        x[8] = Log(60 * o.ArrivalRatePerSecond);
        x[9] = (float)o.CloudLoadLast;
        x[10] = b.LastMbps > 0 ? 0 : 1;
        x[11] = Log(queues[0]) / 2;
        x[12] = Log(queues[1]) / 2;
        x[13] = Log(queues[2]) / 2;
        var h = o.History;
        for (var i = 0; i < HistoryUplinks; i++)
            x[14 + i] = h.Count > i ? Mbps(h[h.Count - 1 - i].UplinkMbps) : x[3];
    }

    private static float Log(double v) => (float)Math.Log(1 + Math.Max(0, double.IsFinite(v) ? v : 0));

    private static float Mbps(double v) => Log(v) / 4;
}
