using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Stages;

/// <summary>The far tier's stage: one grain call per stage, so the link is crossed once each way.</summary>
public sealed class RemoteLayerStage(ILayerStageGrain grain) : ILayerStage
{
    public async Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups, RanLedger ran) =>
        Record(await grain.Attention(session, position, codec, normed, groups), ran);

    public async Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly, RanLedger ran)
    {
        var result = await grain.FfnFront(codec, hiddenCodec, normed, whole, localSplit, upOnly);
        ran.AddAll(result.Ran);
        return result;
    }

    public async Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly, RanLedger ran) =>
        Record(await grain.FfnBack(codec, hidden, downOnly), ran);

    private static byte[] Record(StageOutput output, RanLedger ran)
    {
        ran.AddAll(output.Ran);
        return output.Data;
    }
}
