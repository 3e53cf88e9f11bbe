using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Stages;

/// <summary>The far tier's stage: one grain call per stage, so the link is crossed once each way.</summary>
public sealed class RemoteLayerStage(ILayerStageGrain grain) : ILayerStage
{
    public Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups) =>
        grain.Attention(session, position, codec, normed, groups);

    public Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly) =>
        grain.FfnFront(codec, hiddenCodec, normed, whole, localSplit, upOnly);

    public Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly) => grain.FfnBack(codec, hidden, downOnly);
}
