using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// A step whose transfers outlast the epoch it starts in: its bytes flow at each epoch's rate in turn (none in an
/// outage), as a TCP transfer does, instead of at the starting epoch's rate to the end. Without this a prompt whose
/// upload starts in one of the traces' 2 kbit/s seconds is charged hours, though the next second carries 20 Mbit/s.
/// Compute and RTT terms are kept; only the wire time changes, so the lower bound (which charges no bytes) still holds.
/// </summary>
public static class FluidTransfer
{
    /// <summary>No finish within this many seconds counts as never (a link down for good).</summary>
    private const double HorizonSeconds = 1e6;

    /// <summary><paramref name="cost"/> started at <paramref name="start"/>, its wire time re-derived if it ends after the epoch does.</summary>
    public static StageCost Spill(StageCost cost, double start, LinkTimeline timeline)
    {
        if (cost.Stalled || start + cost.Seconds <= timeline.StartOf(timeline.EpochOf(start) + 1))
            return cost;
        var up = Seconds(cost.BytesUp, start, LinkDirection.Uplink, timeline);
        var down = Seconds(cost.BytesDown, start + up, LinkDirection.Downlink, timeline);
        var seconds = cost.Seconds - cost.TransmitSeconds - cost.ReceiveSeconds + up + down;
        return cost with { Seconds = seconds, TransmitSeconds = up, ReceiveSeconds = down };
    }

    /// <summary>Seconds to carry <paramref name="bytes"/> from <paramref name="start"/>, each epoch at its own rate.</summary>
    public static double Seconds(long bytes, double start, LinkDirection direction, LinkTimeline timeline)
    {
        var left = bytes * 8.0;
        var t = start;
        for (var epoch = timeline.EpochOf(start); left > 0; epoch++)
        {
            if (t - start > HorizonSeconds)
                return double.PositiveInfinity;
            var end = Math.Max(t, timeline.StartOf(epoch + 1));
            var link = timeline[epoch];
            var bitsPerSecond = link.Up ? link.Mbps(direction) * 1e6 : 0;
            if (bitsPerSecond > 0 && left <= bitsPerSecond * (end - t))
                return t + left / bitsPerSecond - start;
            left -= bitsPerSecond * (end - t);
            t = end;
        }

        return 0;
    }
}
