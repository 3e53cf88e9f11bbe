using Orleans.Serialization;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Links;

/// <summary>
/// On the callee: a call from a silo of the other tier crossed the edge-cloud link. With an emulated link
/// the request is delayed by RTT/2 + bytes/bandwidth before it runs and the response likewise before it
/// returns; during an outage the call fails with <see cref="LinkDownException"/>. Every crossing is
/// recorded in the <see cref="LinkMeter"/> (bytes always, delay when emulated), so a real deployment
/// without emulation still reports its cross-tier traffic. Calls from clients carry no tier and pass
/// freely, as do calls to system targets. The delay holds the callee's turn; for the reentrant stage
/// grains that is harmless.
/// </summary>
public sealed class LinkEmulationFilter(SiloTier silo, LinkEmulator emulator, LinkMeter meter, Serializer serializer) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var caller = SiloTier.Parse(RequestContext.Get(LinkRoleStampFilter.CallerTierKey) as string);
        // Only the fabric's own grains: runtime traffic (membership, directory) is not what the link models.
        if (caller is null || caller == silo.Tier || context.Grain is not Grain || context.Grain.GetType().Assembly != typeof(LinkEmulationFilter).Assembly)
        {
            await context.Invoke();
            return;
        }

        var link = emulator.Link;
        var toCallee = caller == Tier.Edge ? LinkDirection.Uplink : LinkDirection.Downlink;
        var method = $"{context.InterfaceName}.{context.MethodName}";
        var codec = PayloadCodec.Of(context.InterfaceMethod, context.Request);
        var inSums = !(context.Grain is LinkMetricsGrain && context.MethodName == nameof(LinkMetricsGrain.Sums));
        await Cross(link, toCallee, RequestBytes(context.Request), method, codec, reachedCallee: false, inSums);
        await context.Invoke();
        var back = toCallee == LinkDirection.Uplink ? LinkDirection.Downlink : LinkDirection.Uplink;
        await Cross(link, back, Size(context.Result), method, codec, reachedCallee: true, inSums);
    }

    private async Task Cross(ILinkModel? link, LinkDirection direction, long bytes, string method, string codec, bool reachedCallee, bool inSums)
    {
        var uplink = direction == LinkDirection.Uplink;
        var delay = TimeSpan.Zero;
        if (emulator.DrawFailure())
        {
            meter.RecordOutage(uplink, method);
            throw new LinkDownException($"{method}: an injected link failure ({(uplink ? "uplink" : "downlink")})", reachedCallee);
        }

        if (link is not null)
        {
            try
            {
                delay = link.OneWay(emulator.Clock(), bytes, direction);
            }
            catch (LinkOutageException e)
            {
                meter.RecordOutage(uplink, method);
                throw new LinkDownException($"{method}: {e.Message}", reachedCallee);
            }

            await EmulatedWait.For(delay);
        }

        meter.Record(new LinkCrossing(uplink, bytes, delay.TotalMilliseconds, method), codec, emulated: link is not null, inSums);
    }

    private long RequestBytes(Orleans.Serialization.Invocation.IInvokable request)
    {
        long total = 0;
        for (var i = 0; i < request.GetArgumentCount(); i++)
            total += Size(request.GetArgument(i));
        return total;
    }

    // Payload bytes as the serializer writes them (activations are byte[], counted by length).
    private long Size(object? value) => value switch
    {
        null => 0,
        byte[] bytes => bytes.Length,
        _ => serializer.SerializeToArray(value).Length,
    };
}
