using System.Collections.Concurrent;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Grains.Links;

namespace Splitwise.EdgeHost.Partition;

/// <summary>
/// What the partition page shows, one snapshot at a time: every sub-block's tier as activated (and as planned),
/// the plan versions seen so far, cumulative link and token counters (the page turns them into rates), and the
/// backlogs. Plan history is as observed by this host's snapshots (a version replaced within one poll is missed).
/// </summary>
public sealed class PartitionMonitor(FabricClient fabric, ActualPlacement placement, GatewayCounters counters, LinkEmulator link)
{
    private readonly ConcurrentDictionary<string, List<PlanSeen>> _history = new(StringComparer.Ordinal);

    public async Task<object> Snapshot(string model)
    {
        var plan = await fabric.GetPlan(model);
        var actual = await placement.Read(model);
        // Each tier's meter counts the crossings its silos' filters saw, in both directions: add the two.
        var cloud = await fabric.LinkTotals(Tier.Cloud);
        var edge = await fabric.LinkTotals(Tier.Edge);
        var history = _history.GetOrAdd(model, _ => []);
        PlanSeen[] seen;
        lock (history)
        {
            if (history.Count == 0 || history[^1].Version != plan.Version)
                history.Add(new PlanSeen(plan.Version, plan.Codec, DateTimeOffset.UtcNow, plan.Tiers.Count(t => t.Value == Tier.Cloud), plan.Tiers.Count));
            seen = [.. history];
        }

        var state = link.Link?.At(link.Clock());
        return new
        {
            Model = model,
            At = DateTimeOffset.UtcNow,
            Plan = new { plan.Version, plan.Codec, plan.Layers },
            History = seen,
            Cells = plan.Tiers.Keys.OrderBy(id => id.Layer).ThenBy(id => id.Kind).ThenBy(id => id.Index).Select(id => new
            {
                Id = id.ToString(),
                id.Layer,
                Column = id.ToString()[(id.ToString().IndexOf('.') + 1)..],
                Planned = ActualPlacement.Name(plan.TierOf(id)),
                Actual = actual.SubBlocks.TryGetValue(id, out var tier) && tier is { } t ? ActualPlacement.Name(t) : null,
            }),
            Link = new
            {
                Crossings = cloud.Crossings + edge.Crossings,
                BytesUp = cloud.BytesUp + edge.BytesUp,
                BytesDown = cloud.BytesDown + edge.BytesDown,
                Outages = cloud.Outages + edge.Outages,
                EmulatedUplinkMbps = state?.UplinkMbps,
                EmulatedDownlinkMbps = state?.DownlinkMbps,
                EmulatedUp = state?.Up,
            },
            Backlog = new { GatewayRequests = counters.InFlight, actual.Sessions, ActivationsPerSilo = actual.PerSilo },
            GatewayTokens = counters.Tokens,
        };
    }

    private sealed record PlanSeen(long Version, string Codec, DateTimeOffset Seen, int CloudSubBlocks, int SubBlocks);
}
