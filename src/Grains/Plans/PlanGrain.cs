using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Inference.Codecs;

namespace Splitwise.Grains.Plans;

/// <summary>
/// Holds a model's plan and applies new versions: validate, stamp the next version, publish it to this
/// silo's <see cref="PlanDirectory"/>, then ask exactly the sub-blocks whose tier changed to move. The
/// plan is in memory: a restarted plan grain starts again from all-edge.
/// </summary>
[TierPlacement]
public sealed class PlanGrain(ModelCatalog catalog, PlanDirectory directory) : Grain, IPlanGrain
{
    private PartitionPlan? _plan;

    private string Model => FabricKeys.ModelOf(this.GetPrimaryKeyString());

    public Task<PartitionPlan> GetPlan()
    {
        if (_plan is null)
        {
            var model = catalog.Get(Model);
            _plan = PartitionPlans.AllOn(Tier.Edge, model.Dimensions, model.Spec).WithVersion(1);
            directory.Observe(Model, _plan);
        }

        return Task.FromResult(_plan);
    }

    public Task<(ModelDimensions Model, DecompositionSpec Spec)> Shape()
    {
        var model = catalog.Get(Model);
        return Task.FromResult((model.Dimensions, model.Spec));
    }

    public async Task<PlanChange> SetPlan(PartitionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
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
        _plan = next;
        directory.Observe(Model, next);

        // Sub-blocks activated while moving are placed by this version, not an older cached one.
        RequestContext.Set(PlanDirectory.VersionKey, next.Version);
        var changed = next.ChangedFrom(previous);
        var moved = await Task.WhenAll(changed.Select(id =>
            GrainFactory.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(Model, id)).MoveTo(next.TierOf(id))));
        return new PlanChange(next.Version, changed.Where((_, i) => moved[i]).ToArray());
    }
}
