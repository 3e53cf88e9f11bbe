using Splitwise.Contracts;

namespace Splitwise.Grains.Hosting;

/// <summary>The tier this silo serves; published to other silos as the metadata entry "role".</summary>
public sealed record SiloTier(Tier Tier)
{
    public const string MetadataKey = "role";

    public static string RoleName(Tier tier) => tier == Tier.Edge ? "edge" : "cloud";

    public static Tier? Parse(string? role) => role switch
    {
        "edge" => Tier.Edge,
        "cloud" => Tier.Cloud,
        _ => null,
    };
}
