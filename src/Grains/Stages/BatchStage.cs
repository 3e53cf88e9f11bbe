using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Inference.Codecs;

namespace Splitwise.Grains.Stages;

/// <summary>
/// A layer's stage on one tier for several sessions stepped together (continuous batching, issue 15): what
/// <see cref="LayerStage"/> and <see cref="StageFanOut"/> do for one session, with one <see cref="ISubBlockGrain.Steps"/>
/// call per sub-block carrying every session's rows, so each sub-block runs them as one batch. Each session's
/// activation is decoded, summed (in the same order) and re-encoded on its own, as its own call would be. A failed
/// sub-block call fails the whole batch: the sessions then step alone, each getting its own result or typed error.
/// </summary>
public sealed class BatchStage(IGrainFactory grains, FabricModel model, int layer)
{
    public async Task<byte[][]> Attention(StageMember[] members, string codec, byte[][] normed, int[] groups, RanLedger[] ran)
    {
        var c = ActivationCodecs.Get(codec);
        var version = PlanVersion;
        var inputs = normed.Select((n, i) => new SubBlockStepCall(members[i].Session, members[i].Position, LayerStage.ToFp32(c, n), version)).ToArray();
        var outputs = await Task.WhenAll(groups.Select(g => Steps(SubBlockKind.AttentionHeads, g, inputs, ran)));
        return Sum(c, outputs, members.Length);
    }

    public async Task<FfnFrontResult[]> FfnFront(string codec, string hiddenCodec, byte[][] normed, int[] whole, int[] localSplit, int[] upOnly, RanLedger[] ran)
    {
        var c = ActivationCodecs.Get(codec);
        var inputs = FfnInputs(normed.Select(n => LayerStage.ToFp32(c, n)).ToArray());
        var wholeTask = Task.WhenAll(whole.Select(s => Steps(SubBlockKind.Ffn, s, inputs, ran)));
        var splitTask = Task.WhenAll(localSplit.Select(async s =>
            await Steps(SubBlockKind.FfnDown, s, FfnInputs(await Steps(SubBlockKind.FfnUp, s, inputs, ran)), ran)));
        var upTask = Task.WhenAll(upOnly.Select(s => Steps(SubBlockKind.FfnUp, s, inputs, ran)));
        var partials = (await wholeTask).Concat(await splitTask).ToArray();
        var hidden = await upTask;
        var hc = ActivationCodecs.Get(hiddenCodec);
        return Enumerable.Range(0, normed.Length).Select(i => new FfnFrontResult(
            partials.Length > 0 ? LayerStage.Reencode(c, Fp32Sum.Of(partials.Select(p => p[i]).ToArray())) : null,
            hidden.Length > 0 ? LayerStage.Concat(hc, hidden.Select(h => h[i]).ToArray()) : null)).ToArray();
    }

    /// <param name="hidden">per session, the concatenated intermediates of the W1 halves that ran on the other tier.</param>
    public async Task<byte[][]> FfnBack(string codec, byte[][] hidden, int[] downOnly, RanLedger[] ran)
    {
        var c = ActivationCodecs.Get(codec);
        var parts = hidden.Select(h => LayerStage.Split(model, c, h, downOnly)).ToArray();
        var outputs = await Task.WhenAll(downOnly.Select((s, k) => Steps(SubBlockKind.FfnDown, s, FfnInputs(parts.Select(p => p[k]).ToArray()), ran)));
        return Sum(c, outputs, hidden.Length);
    }

    private static byte[][] Sum(IActivationCodec codec, byte[][][] perSubBlock, int sessions) =>
        Enumerable.Range(0, sessions).Select(i => LayerStage.Reencode(codec, Fp32Sum.Of(perSubBlock.Select(o => o[i]).ToArray()))).ToArray();

    // FFN parts keep no state: session and position are not theirs to use.
    private static SubBlockStepCall[] FfnInputs(byte[][] fp32)
    {
        var version = PlanVersion;
        return fp32.Select(x => new SubBlockStepCall(Guid.Empty, 0, x, version)).ToArray();
    }

    private async Task<byte[][]> Steps(SubBlockKind kind, int index, SubBlockStepCall[] steps, RanLedger[] ran)
    {
        var id = new SubBlockId(layer, kind, index);
        var batch = await grains.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(model.Name, id)).Steps(kind, steps);
        if (batch.Data.Length != steps.Length)
            throw new InvalidOperationException($"{id} returned {batch.Data.Length} outputs for {steps.Length} steps");
        for (var i = 0; i < steps.Length; i++)
            ran[i].Add(id, new SubBlockOutput(batch.Data[i], batch.Tier));
        return batch.Data;
    }

    private static long PlanVersion => RequestContext.Get(PlanDirectory.VersionKey) as long? ?? 0;
}
