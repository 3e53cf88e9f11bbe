using Orleans.Runtime.MembershipService.SiloMetadata;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
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
            var candidates = among ?? Active();
            var found = Among(tier, candidates);
            if (found.Length > 0)
                return found;
            // Waiting helps only while some silo's role has not arrived yet.
            if (DateTime.UtcNow > deadline || candidates.All(s => TierOf(s) is not null))
                throw new TierUnavailableException($"no active silo has role '{SiloTier.RoleName(tier)}' (silos: {string.Join(", ", candidates)})");
            await Task.Delay(50);
        }
    }

    /// <summary>The active silos of a tier now, without waiting (empty when none).</summary>
    public SiloAddress[] Now(Tier tier) => Among(tier, Active());

    /// <summary>
    /// True for a grain pinned by its key to a tier other than <paramref name="here"/> whose tier has a silo now: it was
    /// placed off its tier while that tier was down, and should go home.
    /// </summary>
    public bool Away(Tier here, string key) => FabricKeys.PinnedTier(key) is { } home && home != here && Now(home).Length > 0;

    private SiloAddress[] Active() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();

    private SiloAddress[] Among(Tier tier, IEnumerable<SiloAddress> candidates) =>
        candidates.Where(s => TierOf(s) == tier).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();

    public Tier? TierOf(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloTier.MetadataKey, out var role) ? SiloTier.Parse(role) : null;

    /// <summary>A stable choice among several silos of a tier, so one grain does not hop between them.</summary>
    public static SiloAddress Pick(SiloAddress[] silos, GrainId grain) =>
        silos[(int)((uint)grain.GetUniformHashCode() % (uint)silos.Length)];
}
