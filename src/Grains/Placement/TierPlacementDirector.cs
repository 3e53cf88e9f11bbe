using Orleans.Runtime.Placement;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Placement;

/// <summary>
/// Activates a grain on a silo of the tier it belongs to: a placement hint first (migrations name their
/// target), then the tier its key pins, else the tier the current plan assigns to the sub-block. Among
/// silos of that tier the local one is preferred, else a stable pick. When the tier has no silo, a silo of the other
/// tier (a plan change that needs a missing tier is refused by the plan grain instead).
/// </summary>
public sealed class TierPlacementDirector(PlanDirectory plans, TierSilos silos) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hint)
            return hint;

        var tier = await TierOf(target);
        SiloAddress[] candidates;
        try
        {
            candidates = await silos.Of(tier, compatible);
        }
        catch (TierUnavailableException)
        {
            // Its tier is down: run on the other tier rather than not at all. The grain reports where it really ran
            // and goes home when its tier is back (SubBlockGrain, TierSilos.Away).
            candidates = await silos.Of(tier == Tier.Edge ? Tier.Cloud : Tier.Edge, compatible);
        }

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
