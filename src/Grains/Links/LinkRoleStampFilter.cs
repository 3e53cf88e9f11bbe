using Splitwise.Grains.Hosting;

namespace Splitwise.Grains.Links;

/// <summary>Stamps the calling silo's tier on every outgoing call, for <see cref="LinkEmulationFilter"/> on the callee.</summary>
public sealed class LinkRoleStampFilter(SiloTier silo) : IOutgoingGrainCallFilter
{
    public const string CallerTierKey = "splitwise.caller-tier";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(CallerTierKey, SiloTier.RoleName(silo.Tier));
        return context.Invoke();
    }
}
