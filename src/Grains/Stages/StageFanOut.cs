using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Sessions;
using Splitwise.Inference.Codecs;

namespace Splitwise.Grains.Stages;

/// <summary>
/// One layer's sub-blocks on one tier, called from that tier: fp32 in, each sub-block's fp32 partial out, the
/// partials summed in the order given (<see cref="Fp32Sum"/>). The far tier's <see cref="LayerStageGrain"/>
/// runs this behind one link crossing; the session runs it itself for its own tier, where an aggregator grain
/// would only add a hop.
/// <paramref name="local"/>, when given, serves the sub-blocks in place of their grains (the session's safe plan); else
/// <paramref name="calls"/>, when given, gathers the silo's concurrent sessions' calls per sub-block (<see cref="SubBlockCalls"/>).
/// <paramref name="backoff"/>, when given, retries each sub-block call that met an outage (a sub-block activated across
/// the link, e.g. while its tier was down, is reached through it) with the same backoff as the session's far calls;
/// every sub-block call is idempotent (a head group asked for a position it holds rewrites it).
/// </summary>
public sealed class StageFanOut(IGrainFactory grains, string model, int layer, Func<SubBlockId, ISubBlockGrain>? local = null, SubBlockCalls? calls = null,
    LinkBackoff? backoff = null)
{
    public async Task<byte[]> Attention(Guid session, int position, byte[] normed, int[] groups, RanLedger ran) =>
        Fp32Sum.Of(await Task.WhenAll(groups.Select(async g =>
            ran.Add(Id(SubBlockKind.AttentionHeads, g), await Attend(g, session, position, normed)))));

    /// <returns>the summed partial of whole and local split slices (null if none) and, per W1-only slice, its intermediate.</returns>
    public async Task<(byte[]? Partial, byte[][] Hidden)> FfnFront(byte[] normed, int[] whole, int[] localSplit, int[] upOnly, RanLedger ran)
    {
        var wholeTask = Task.WhenAll(whole.Select(async s => ran.Add(Id(SubBlockKind.Ffn, s), await Call(SubBlockKind.Ffn, s, normed))));
        var splitTask = Task.WhenAll(localSplit.Select(async s =>
        {
            var hidden = ran.Add(Id(SubBlockKind.FfnUp, s), await Call(SubBlockKind.FfnUp, s, normed));
            return ran.Add(Id(SubBlockKind.FfnDown, s), await Call(SubBlockKind.FfnDown, s, hidden));
        }));
        var upTask = Task.WhenAll(upOnly.Select(async s => ran.Add(Id(SubBlockKind.FfnUp, s), await Call(SubBlockKind.FfnUp, s, normed))));
        var partials = (await wholeTask).Concat(await splitTask).ToArray();
        return (partials.Length > 0 ? Fp32Sum.Of(partials) : null, await upTask);
    }

    /// <param name="hidden">per W2 slice, its fp32 intermediate.</param>
    public async Task<byte[]> FfnBack(byte[][] hidden, int[] downOnly, RanLedger ran) =>
        Fp32Sum.Of(await Task.WhenAll(downOnly.Select(async (s, i) => ran.Add(Id(SubBlockKind.FfnDown, s), await Call(SubBlockKind.FfnDown, s, hidden[i])))));

    private SubBlockId Id(SubBlockKind kind, int index) => new(layer, kind, index);

    private Task<SubBlockOutput> Attend(int group, Guid session, int position, byte[] normed) =>
        Retried(() => AttendOnce(group, session, position, normed));

    private Task<SubBlockOutput> Call(SubBlockKind kind, int index, byte[] input) => Retried(() => CallOnce(kind, index, input));

    private Task<T> Retried<T>(Func<Task<T>> call) => backoff is null ? call() : backoff.Retry(call);

    private Task<SubBlockOutput> AttendOnce(int group, Guid session, int position, byte[] normed) =>
        local is null && calls is not null
            ? calls.Call(model, Id(SubBlockKind.AttentionHeads, group), SubBlockKind.AttentionHeads, session, position, normed)
            : SubBlock(SubBlockKind.AttentionHeads, group).Attend(session, position, normed);

    private Task<SubBlockOutput> CallOnce(SubBlockKind kind, int index, byte[] input)
    {
        if (local is null && calls is not null)
            return calls.Call(model, Id(kind, index), kind, Guid.Empty, 0, input);
        var grain = SubBlock(kind, index);
        return kind switch
        {
            SubBlockKind.Ffn => grain.Ffn(input),
            SubBlockKind.FfnUp => grain.FfnUp(input),
            _ => grain.FfnDown(input),
        };
    }

    private ISubBlockGrain SubBlock(SubBlockKind kind, int index) =>
        local?.Invoke(Id(kind, index)) ?? grains.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(model, Id(kind, index)));
}
