using Splitwise.Contracts.Grains;
using Splitwise.Grains.Placement;

namespace Splitwise.Grains.Links;

/// <summary>Reads the <see cref="LinkMeter"/> of the silo it is pinned to (key "link@edge" / "link@cloud").</summary>
[TierPlacement]
public sealed class LinkMetricsGrain(LinkMeter meter) : Grain, ILinkMetricsGrain
{
    public Task<LinkTotals> Totals() => Task.FromResult(meter.Totals());

    public Task<LinkCrossing[]> Recent() => Task.FromResult(meter.Recent());

    public Task<LinkSums> Sums() => Task.FromResult(meter.Sums());

    public Task<byte[]> Probe(byte[] payload, int replyBytes) =>
        Task.FromResult(new byte[Math.Clamp(replyBytes, 0, MaxProbeBytes)]);

    /// <summary>The largest probe reply: a probe measures the link, it does not load it.</summary>
    public const int MaxProbeBytes = 1 << 20;

    public Task Reset()
    {
        meter.Reset();
        return Task.CompletedTask;
    }
}
