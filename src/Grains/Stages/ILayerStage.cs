using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Stages;

/// <summary>A layer's stage on one tier as the session calls it: in place (<see cref="LayerStage"/>) or across the link (<see cref="RemoteLayerStage"/>).</summary>
public interface ILayerStage
{
    Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups);

    Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly);

    Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly);
}
