using Splitwise.Contracts.Grains;
using Splitwise.Grains.Models;
using Splitwise.Inference.Codecs;
using static TorchSharp.torch;

namespace Splitwise.Grains.Stages;

/// <summary>
/// A layer's stage on one tier, in the plan's codec: decodes the activation once, fans out to the tier's
/// sub-blocks in fp32 (<see cref="StageFanOut"/>) and encodes the one summed partial (or the W1 intermediates)
/// for the caller. <see cref="LayerStageGrain"/> serves it across the link; the session runs it in place for
/// its own tier.
/// </summary>
public sealed class LayerStage(StageFanOut fanOut, FabricModel model) : ILayerStage
{
    public async Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups, RanLedger ran)
    {
        var c = ActivationCodecs.Get(codec);
        return Reencode(c, await fanOut.Attention(session, position, ToFp32(c, normed), groups, ran));
    }

    public async Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly, RanLedger ran)
    {
        var c = ActivationCodecs.Get(codec);
        var (partial, hidden) = await fanOut.FfnFront(ToFp32(c, normed), whole, localSplit, upOnly, ran);
        return new FfnFrontResult(
            partial is null ? null : Reencode(c, partial),
            hidden.Length > 0 ? Concat(ActivationCodecs.Get(hiddenCodec), hidden) : null);
    }

    public async Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly, RanLedger ran)
    {
        var c = ActivationCodecs.Get(codec);
        return Reencode(c, await fanOut.FfnBack(Split(model, c, hidden, downOnly), downOnly, ran));
    }

    // Shared with BatchStage: a batched stage encodes each session's activations exactly as this one does.
    internal static byte[] ToFp32(IActivationCodec codec, byte[] encoded)
    {
        if (ReferenceEquals(codec, ActivationCodecs.Fp32))
            return encoded;
        using var scope = NewDisposeScope();
        return ActivationCodecs.Fp32.Encode(codec.DecodeToTensor(encoded));
    }

    internal static byte[] Reencode(IActivationCodec codec, byte[] fp32)
    {
        if (ReferenceEquals(codec, ActivationCodecs.Fp32))
            return fp32;
        using var scope = NewDisposeScope();
        return codec.Encode(ActivationCodecs.Fp32.DecodeToTensor(fp32));
    }

    internal static byte[] Concat(IActivationCodec codec, byte[][] fp32Parts)
    {
        using var scope = NewDisposeScope();
        return codec.Encode(cat(fp32Parts.Select(p => ActivationCodecs.Fp32.DecodeToTensor(p)).ToArray(), 1).contiguous());
    }

    internal static byte[][] Split(FabricModel model, IActivationCodec codec, byte[] hidden, int[] slices)
    {
        using var scope = NewDisposeScope();
        var all = codec.DecodeToTensor(hidden);
        var parts = new byte[slices.Length][];
        var offset = 0;
        for (var i = 0; i < slices.Length; i++)
        {
            var width = model.FfnSlice(slices[i]).Count;
            parts[i] = ActivationCodecs.Fp32.Encode(all.narrow(1, offset, width).contiguous());
            offset += width;
        }

        if (offset != all.shape[1])
            throw new ArgumentException($"intermediate of width {all.shape[1]} does not match FFN slices [{string.Join(", ", slices)}] ({offset})");
        return parts;
    }
}
