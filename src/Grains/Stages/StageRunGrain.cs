using Orleans.Concurrency;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.Sessions;
using Splitwise.Inference.Codecs;
using static TorchSharp.torch;

namespace Splitwise.Grains.Stages;

/// <summary>
/// Runs a session's stages that are wholly on this tier with the residual here (<see cref="IStageRunGrain"/>): the
/// same <see cref="SessionForward"/> as the session's, homed on this tier, under the caller's plan. Stateless and
/// reentrant (the KV caches live in the sub-blocks), so one activation per model and tier serves every session.
/// Activated off its tier (that tier had no silo), it deactivates once the tier is back, to be placed there anew.
/// </summary>
[Placement.TierPlacement, Reentrant]
public sealed class StageRunGrain(ModelCatalog catalog, PlanDirectory plans, SiloTier silo, TierSilos silos, DeviceEmulator device, SubBlockCalls calls) : Grain, IStageRunGrain
{
    private string _name = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = FabricKeys.ModelOf(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<StageOutput> Run(Guid session, int position, string codec, byte[] residual, int firstStage, int lastStage)
    {
        var (model, plan, home) = await Context(firstStage, lastStage);
        var c = ActivationCodecs.Get(codec);
        var forward = new SessionForward(model, session, home, plan, GrainFactory, new StageCall(home), device, calls: calls);
        using var x = await forward.Stages(c.DecodeToTensor(residual), firstStage, lastStage, position);
        using var contiguous = x.contiguous();
        return Done(new StageOutput(c.Encode(contiguous), forward.Ran.ToArray()));
    }

    public async Task<StageOutput[]> RunBatch(StageMember[] members, string codec, byte[][] residuals, int firstStage, int lastStage)
    {
        if (members.Length != residuals.Length || members.Length == 0)
            throw new InvalidRequestException($"{members.Length} sessions and {residuals.Length} residuals in one batched run");
        var (model, plan, home) = await Context(firstStage, lastStage);
        var c = ActivationCodecs.Get(codec);
        var inputs = residuals.Select(r => c.DecodeToTensor(r)).ToArray();
        var batch = members.Select((m, i) => new BatchMember(m.Session, m.Position, (int)inputs[i].shape[0], null, new StageCall(home), new RanLedger())).ToArray();
        Tensor stacked;
        using (var scope = NewDisposeScope())
            stacked = cat(inputs, 0).MoveToOuterDisposeScope();
        foreach (var input in inputs)
            input.Dispose();
        var forward = new BatchForward(model, home, plan, GrainFactory, batch, device);
        using var x = await forward.Stages(stacked, firstStage, lastStage);
        var outputs = new StageOutput[members.Length];
        using (NewDisposeScope())
        {
            for (int i = 0, row = 0; i < members.Length; row += batch[i].Rows, i++)
                outputs[i] = new StageOutput(c.Encode(x.narrow(0, row, batch[i].Rows).contiguous()), batch[i].Ran.ToArray());
        }

        return Done(outputs);
    }

    private async Task<(FabricModel Model, Contracts.Plans.PartitionPlan Plan, Contracts.Tier Home)> Context(int firstStage, int lastStage)
    {
        var name = _name;
        var model = catalog.Get(name);
        if (firstStage < 0 || lastStage < firstStage || lastStage >= 2 * model.Shape.NLayer)
            throw new InvalidPlanException($"stages {firstStage}..{lastStage} are not a run of the {2 * model.Shape.NLayer} stages of '{name}'");
        var plan = await plans.Current(name, RequestContext.Get(PlanDirectory.VersionKey) is long version ? version : 0);
        // Homed on the key's tier even when activated off it (that tier was down): the schedule is the caller's.
        return (model, plan, FabricKeys.PinnedTier(this.GetPrimaryKeyString()) ?? silo.Tier);
    }

    private T Done<T>(T result)
    {
        if (silos.Away(silo.Tier, this.GetPrimaryKeyString()))
            DeactivateOnIdle();
        return result;
    }
}
