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
        var rows = new int[residuals.Length];
        var stacked = ReferenceEquals(c, ActivationCodecs.Fp32) ? Fp32Rows.Stack(residuals, rows) : Stack(c, residuals, rows);
        var batch = members.Select((m, i) => new BatchMember(m.Session, m.Position, rows[i], null, new StageCall(home), new RanLedger())).ToArray();
        var forward = new BatchForward(model, home, plan, GrainFactory, batch, device);
        using var x = await forward.Stages(stacked, firstStage, lastStage);
        var data = ReferenceEquals(c, ActivationCodecs.Fp32) ? Fp32Rows.Split(x, rows) : Split(c, x, rows);
        var outputs = data.Select((d, i) => new StageOutput(d, batch[i].Ran.ToArray())).ToArray();
        return Done(outputs);
    }

    private static Tensor Stack(IActivationCodec codec, byte[][] residuals, int[] rows)
    {
        using var scope = NewDisposeScope();
        var parts = residuals.Select(r => codec.DecodeToTensor(r)).ToArray();
        for (var i = 0; i < parts.Length; i++)
            rows[i] = (int)parts[i].shape[0];
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private static byte[][] Split(IActivationCodec codec, Tensor x, int[] rows)
    {
        using var scope = NewDisposeScope();
        var parts = new byte[rows.Length][];
        for (int i = 0, row = 0; i < rows.Length; row += rows[i], i++)
            parts[i] = codec.Encode(x.narrow(0, row, rows[i]).contiguous());
        return parts;
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
