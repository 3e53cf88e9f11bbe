using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Storage;
using Splitwise.Inference.Codecs;

namespace Splitwise.Grains.Plans;

/// <summary>
/// Holds a model's plan and applies new versions: validate, check that every tier it uses has a silo, store it
/// (grain persistence, so it survives a restart of either host), publish it to this silo's
/// <see cref="PlanDirectory"/>, then ask exactly the sub-blocks whose tier changed to move, and return once they answer
/// from their new tier (<see cref="MoveLanding"/>). Until the store is written nothing has changed; a move
/// that fails afterwards is left to the sub-block, which converges to the stored plan on its next call
/// (<see cref="SubBlocks.SubBlockGrain"/>).
/// </summary>
[TierPlacement]
public sealed class PlanGrain(
    ModelCatalog catalog,
    PlanDirectory directory,
    TierSilos silos,
    ILogger<PlanGrain> log,
    [PersistentState("plan", FabricStorage.Name)] IPersistentState<PlanRecord> stored) : Grain, IPlanGrain
{
    private PartitionPlan? _plan;

    private string Model => FabricKeys.ModelOf(this.GetPrimaryKeyString());

    public Task<PartitionPlan> GetPlan()
    {
        if (_plan is null)
        {
            var model = catalog.Get(Model);
            _plan = Restore(model) ?? PartitionPlans.AllOn(Tier.Edge, model.Dimensions, model.Spec).WithVersion((stored.State.Plan?.Version ?? 0) + 1);
            directory.Observe(Model, _plan);
        }

        return Task.FromResult(_plan);
    }

    // A stored plan that no longer fits the model (its file or decomposition changed) gives way to all-edge, one version on.
    private PartitionPlan? Restore(FabricModel model)
    {
        if (stored.State.Plan is not { } plan)
            return null;
        try
        {
            plan.Validate(model.Dimensions, model.Spec);
            return plan;
        }
        catch (InvalidPlanException e)
        {
            log.LogWarning("the stored plan v{Version} of '{Model}' no longer fits it ({Reason}); starting from all-edge", plan.Version, Model, e.Message);
            return null;
        }
    }

    public Task<(ModelDimensions Model, DecompositionSpec Spec)> Shape()
    {
        var model = catalog.Get(Model);
        return Task.FromResult((model.Dimensions, model.Spec));
    }

    public async Task<PlanChange> SetPlan(PartitionPlan plan)
    {
        if (plan is null)
            throw new InvalidPlanException("no plan was given");
        var model = catalog.Get(Model);
        plan.Validate(model.Dimensions, model.Spec);
        try
        {
            ActivationCodecs.Get(plan.Codec);
        }
        catch (UnknownCodecException e)
        {
            throw new InvalidPlanException(e.Message);
        }

        var previous = await GetPlan();
        var next = plan.WithVersion(previous.Version + 1);
        var ids = Enumerable.Range(0, next.Layers).SelectMany(l => next.Spec.SubBlocks(l, model.Shape.NKvHead));
        try
        {
            foreach (var tier in ids.Select(next.TierOf).Distinct())
                await silos.Of(tier);
        }
        catch (TierUnavailableException e)
        {
            return new PlanChange(previous.Version, [], Applied: false, Reason: e.Message);
        }

        var before = stored.State.Plan;
        stored.State.Plan = next;
        try
        {
            await stored.WriteStateAsync();
        }
        catch
        {
            stored.State.Plan = before;
            throw;
        }

        _plan = next;
        directory.Observe(Model, next);

        // Sub-blocks activated while moving are placed by this version, not an older cached one.
        RequestContext.Set(PlanDirectory.VersionKey, next.Version);
        var changed = next.ChangedFrom(previous);
        var moved = await Task.WhenAll(changed.Select(async id =>
        {
            try
            {
                return await GrainFactory.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(Model, id)).MoveTo(next.TierOf(id));
            }
            catch (FabricException e)
            {
                log.LogWarning("{SubBlock} did not move for plan v{Version} ({Reason}); it converges on its next call", id, next.Version, e.Message);
                return false;
            }
        }));
        var movedIds = changed.Where((_, i) => moved[i]).ToArray();
        // Returns once they landed (bounded; MoveLanding says why), so the next change cannot send one back mid-migration.
        await MoveLanding.Wait(GrainFactory, Model, movedIds.Select(id => (id, next.TierOf(id))).ToArray(), log);
        return new PlanChange(next.Version, movedIds);
    }
}
