using Orleans.Placement;

namespace Splitwise.Grains.Placement;

/// <summary>
/// Place by tier: a pinned key's tier, or the current plan's tier for a sub-block. Data only; the
/// behaviour is in <see cref="TierPlacementDirector"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.TierPlacementStrategy")]
public sealed class TierPlacementStrategy : PlacementStrategy
{
}

/// <summary>Marks a grain class for <see cref="TierPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TierPlacementAttribute() : PlacementAttribute(new TierPlacementStrategy());
