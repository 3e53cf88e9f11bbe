namespace Splitwise.Contracts.Grains;

/// <summary>
/// A layer's stage on the session's far tier (key: <see cref="FabricKeys.Stage"/>): receives one activation, fans out
/// to its tier's sub-blocks locally and returns one summed partial, so a layer stage crosses the link at
/// most once per direction. Inputs and outputs are encoded with the codec named in the call.
/// </summary>
public interface ILayerStageGrain : IGrainWithStringKey
{
    Task<StageOutput> Attention(Guid session, int position, string codec, [Immutable] byte[] normed, [Immutable] int[] groups);

    /// <summary>
    /// Whole slices and split slices whose both halves are here -> summed partial; W1 halves whose W2 is
    /// on the other tier -> their intermediates, concatenated in slice order and encoded with <paramref name="hiddenCodec"/>.
    /// </summary>
    Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, [Immutable] byte[] normed, [Immutable] int[] whole, [Immutable] int[] localSplit, [Immutable] int[] upOnly);

    /// <summary>W2 halves whose W1 ran on the other tier: concatenated intermediates -> summed partial.</summary>
    Task<StageOutput> FfnBack(string codec, [Immutable] byte[] hidden, [Immutable] int[] downOnly);

    /// <summary>
    /// <see cref="Attention"/> for several sessions stepped together (continuous batching): one link crossing each way
    /// for all of them, one batched step per head group. Each session's activation is encoded on its own; outputs in order.
    /// </summary>
    Task<StageOutput[]> AttentionBatch([Immutable] StageMember[] members, string codec, [Immutable] byte[][] normed, [Immutable] int[] groups);

    /// <summary><see cref="FfnFront"/> for several sessions stepped together; outputs in order.</summary>
    Task<FfnFrontResult[]> FfnFrontBatch(string codec, string hiddenCodec, [Immutable] byte[][] normed, [Immutable] int[] whole, [Immutable] int[] localSplit, [Immutable] int[] upOnly);

    /// <summary><see cref="FfnBack"/> for several sessions stepped together; outputs in order.</summary>
    Task<StageOutput[]> FfnBackBatch(string codec, [Immutable] byte[][] hidden, [Immutable] int[] downOnly);
}

/// <summary>One session in a batched stage call: its id and the position of its first row.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.StageMember")]
public sealed record StageMember([property: Id(0)] Guid Session, [property: Id(1)] int Position);

[GenerateSerializer, Immutable, Alias("splitwise.FfnFrontResult")]
public sealed record FfnFrontResult([property: Id(0)] byte[]? Partial, [property: Id(1)] byte[]? Hidden, [property: Id(2)] SubBlockRan[]? Ran = null);
