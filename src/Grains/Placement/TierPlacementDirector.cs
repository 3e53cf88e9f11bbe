using Orleans.Runtime.Placement;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Placement;

/// <summary>
/// Activates a grain on a silo of the tier it belongs to: a placement hint first (migrations name their
/// target), then the tier its key pins, else the tier the current plan assigns to the sub-block. Among
/// silos of that tier the local one is preferred, else a stable pick.
/// </summary>
public sealed class TierPlacementDirector(PlanDirectory plans, TierSilos silos) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hint)
            return hint;

        var tier = await TierOf(target);
        var candidates = await silos.Of(tier, compatible);
        return candidates.Contains(context.LocalSilo) ? context.LocalSilo : TierSilos.Pick(candidates, target.GrainIdentity);
    }

    private async Task<Tier> TierOf(PlacementTarget target)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        if (FabricKeys.PinnedTier(key) is { } pinned)
            return pinned;
        var (model, id) = FabricKeys.ParseSubBlock(key);
        var plan = await plans.Current(model, PlanDirectory.VersionIn(target.RequestContextData));
        return plan.TierOf(id);
    }
}
