using Splitwise.Contracts.Grains;
using Splitwise.Grains.Placement;

namespace Splitwise.Grains.Links;

/// <summary>Reads the <see cref="LinkMeter"/> of the silo it is pinned to (key "link@edge" / "link@cloud").</summary>
[TierPlacement]
public sealed class LinkMetricsGrain(LinkMeter meter) : Grain, ILinkMetricsGrain
{
    public Task<LinkTotals> Totals() => Task.FromResult(meter.Totals());

    public Task<LinkCrossing[]> Recent() => Task.FromResult(meter.Recent());

    public Task Reset()
    {
        meter.Reset();
        return Task.CompletedTask;
    }
}
