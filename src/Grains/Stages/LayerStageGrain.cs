using Orleans.Concurrency;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Placement;

namespace Splitwise.Grains.Stages;

/// <summary>
/// A layer's stage on the far tier (<see cref="LayerStage"/>): one activation in, one summed partial out, so the
/// link is crossed at most once per direction per stage. Stateless and reentrant: it may serve several sessions at once.
/// Activated off its tier (that tier had no silo), it deactivates once the tier is back, to be placed there anew.
/// </summary>
[TierPlacement, Reentrant]
public sealed class LayerStageGrain(Models.ModelCatalog catalog, SiloTier silo, TierSilos silos, FabricRecovery recovery, SubBlockCalls calls) : Grain, ILayerStageGrain
{
    private LayerStage? _stage;
    private BatchStage? _batch;

    private LayerStage Stage => _stage ?? throw new InvalidOperationException("the stage is not activated");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var model = FabricKeys.ModelOf(key);
        var layer = int.Parse(key[(key.LastIndexOf('/') + 2)..key.LastIndexOf('@')], System.Globalization.CultureInfo.InvariantCulture);
        // Its inner calls retried like the session's far calls (a sub-block may have been activated across the link).
        var backoff = new Sessions.LinkBackoff(recovery.Options, key.GetHashCode(StringComparison.Ordinal));
        _stage = new LayerStage(new StageFanOut(GrainFactory, model, layer, calls: calls, backoff: backoff), catalog.Get(model));
        _batch = new BatchStage(GrainFactory, catalog.Get(model), layer);
        return Task.CompletedTask;
    }

    public async Task<StageOutput> Attention(Guid session, int position, string codec, byte[] normed, int[] groups)
    {
        var ran = new RanLedger();
        return Done(new StageOutput(await Stage.Attention(session, position, codec, normed, groups, ran), ran.ToArray()));
    }

    public async Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly)
    {
        var ran = new RanLedger();
        return Done(await Stage.FfnFront(codec, hiddenCodec, normed, whole, localSplit, upOnly, ran) with { Ran = ran.ToArray() });
    }

    public async Task<StageOutput> FfnBack(string codec, byte[] hidden, int[] downOnly)
    {
        var ran = new RanLedger();
        return Done(new StageOutput(await Stage.FfnBack(codec, hidden, downOnly, ran), ran.ToArray()));
    }

    public async Task<StageOutput[]> AttentionBatch(StageMember[] members, string codec, byte[][] normed, int[] groups)
    {
        Same(members.Length, normed.Length);
        var ran = Ledgers(members.Length);
        var data = await Batch.Attention(members, codec, normed, groups, ran);
        return Done(data.Select((d, i) => new StageOutput(d, ran[i].ToArray())).ToArray());
    }

    public async Task<FfnFrontResult[]> FfnFrontBatch(string codec, string hiddenCodec, byte[][] normed, int[] whole, int[] localSplit, int[] upOnly)
    {
        var ran = Ledgers(normed.Length);
        var results = await Batch.FfnFront(codec, hiddenCodec, normed, whole, localSplit, upOnly, ran);
        return Done(results.Select((r, i) => r with { Ran = ran[i].ToArray() }).ToArray());
    }

    public async Task<StageOutput[]> FfnBackBatch(string codec, byte[][] hidden, int[] downOnly)
    {
        var ran = Ledgers(hidden.Length);
        var data = await Batch.FfnBack(codec, hidden, downOnly, ran);
        return Done(data.Select((d, i) => new StageOutput(d, ran[i].ToArray())).ToArray());
    }

    private BatchStage Batch => _batch ?? throw new InvalidOperationException("the stage is not activated");

    private static RanLedger[] Ledgers(int n) => Enumerable.Range(0, n).Select(_ => new RanLedger()).ToArray();

    private static void Same(int members, int payloads)
    {
        if (members != payloads)
            throw new Contracts.Errors.InvalidRequestException($"{members} sessions and {payloads} payloads in one batched stage call");
    }

    private T Done<T>(T result)
    {
        if (silos.Away(silo.Tier, this.GetPrimaryKeyString()))
            DeactivateOnIdle();
        return result;
    }
}
