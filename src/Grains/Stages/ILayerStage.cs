using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Stages;

/// <summary>A layer's stage on one tier as the session calls it: in place (<see cref="LayerStage"/>) or across the link (<see cref="RemoteLayerStage"/>).</summary>
public interface ILayerStage
{
    // Each records in ran where its sub-blocks ran.
    Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups, RanLedger ran);

    Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly, RanLedger ran);

    Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly, RanLedger ran);
}
