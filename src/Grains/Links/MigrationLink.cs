using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Links;

/// <summary>
/// Charges a migration's KV caches to the emulated link. Orleans carries a migrating grain's dehydrated state over its
/// own connection, which no call filter sees; the simulator charges the same bytes (<c>KvMove</c>) to the link, so the
/// arriving activation waits their one-way time (uplink when it came from the edge) and the crossing is recorded in
/// the <see cref="LinkMeter"/> as method <see cref="Method"/>, as every other crossing is. A move within a tier, or
/// without an emulated link, costs no time; the bytes are recorded whenever they crossed tiers. In an outage the state
/// has already arrived (Orleans moved it): the outage is recorded and the move is not delayed.
/// </summary>
public sealed class MigrationLink(LinkEmulator emulator, LinkMeter meter)
{
    public const string Method = "migration.kv";

    public async Task Carry(Tier from, Tier to, long bytes)
    {
        if (from == to || bytes <= 0)
            return;
        var uplink = from == Tier.Edge;
        var link = emulator.Link;
        var delay = TimeSpan.Zero;
        if (link is not null)
        {
            try
            {
                delay = link.OneWay(emulator.Clock(), bytes, uplink ? LinkDirection.Uplink : LinkDirection.Downlink);
            }
            catch (LinkOutageException)
            {
                meter.RecordOutage(uplink, Method);
                return;
            }

            await EmulatedWait.For(delay);
        }

        meter.Record(new LinkCrossing(uplink, bytes, delay.TotalMilliseconds, Method), "fp32", emulated: link is not null);
    }
}
