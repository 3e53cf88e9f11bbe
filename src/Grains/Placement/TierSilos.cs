using Orleans.Runtime.MembershipService.SiloMetadata;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Grains.Hosting;

namespace Splitwise.Grains.Placement;

/// <summary>The active silos whose metadata role is a given tier.</summary>
public sealed class TierSilos(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    // Metadata of a silo that just joined fills asynchronously; wait this long before giving up.
    private static readonly TimeSpan MetadataWait = TimeSpan.FromSeconds(5);

    /// <exception cref="TierUnavailableException">no active silo serves the tier.</exception>
    public async Task<SiloAddress[]> Of(Tier tier, IReadOnlyCollection<SiloAddress>? among = null)
    {
        var deadline = DateTime.UtcNow + MetadataWait;
        while (true)
        {
            var candidates = among ?? membership.CurrentSnapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
            var found = candidates.Where(s => TierOf(s) == tier).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
            if (found.Length > 0)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TierUnavailableException($"no active silo has role '{SiloTier.RoleName(tier)}' (silos: {string.Join(", ", candidates)})");
            await Task.Delay(50);
        }
    }

    public Tier? TierOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloTier.MetadataKey, out var role) ? SiloTier.Parse(role) : null;

    /// <summary>A stable choice among several silos of a tier, so one grain does not hop between them.</summary>
    public static SiloAddress Pick(SiloAddress[] silos, GrainId grain) =>
        silos[(int)((uint)grain.GetUniformHashCode() % (uint)silos.Length)];
}
