using Orleans.Concurrency;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Inference.Codecs;
using static TorchSharp.torch;

namespace Splitwise.Grains.Stages;

/// <summary>
/// A layer's stage on one tier: one activation in, fan-out to this tier's sub-blocks (local calls, fp32),
/// one summed partial out, so the link is crossed at most once per direction per stage. Stateless and
/// reentrant: it may serve several sessions at once.
/// </summary>
[Placement.TierPlacement, Reentrant]
public sealed class LayerStageGrain(Models.ModelCatalog catalog) : Grain, ILayerStageGrain
{
    private string _model = "";
    private int _layer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _model = FabricKeys.ModelOf(key);
        var body = key[(key.LastIndexOf('/') + 2)..key.LastIndexOf('@')];
        _layer = int.Parse(body, System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public async Task<byte[]> Attention(Guid session, int position, string codec, byte[] normed, int[] groups)
    {
        var c = ActivationCodecs.Get(codec);
        var input = ToFp32(c, normed);
        var partials = await Task.WhenAll(groups.Select(g => SubBlock(SubBlockKind.AttentionHeads, g).Attend(session, position, input)));
        return Sum(c, partials);
    }

    public async Task<FfnFrontResult> FfnFront(string codec, string hiddenCodec, byte[] normed, int[] whole, int[] localSplit, int[] upOnly)
    {
        var c = ActivationCodecs.Get(codec);
        var input = ToFp32(c, normed);
        var wholeTask = Task.WhenAll(whole.Select(s => SubBlock(SubBlockKind.Ffn, s).Ffn(input)));
        var splitTask = Task.WhenAll(localSplit.Select(async s =>
            await SubBlock(SubBlockKind.FfnDown, s).FfnDown(await SubBlock(SubBlockKind.FfnUp, s).FfnUp(input))));
        var upTask = Task.WhenAll(upOnly.Select(s => SubBlock(SubBlockKind.FfnUp, s).FfnUp(input)));
        var partials = (await wholeTask).Concat(await splitTask).ToArray();
        var hidden = await upTask;
        return new FfnFrontResult(
            partials.Length > 0 ? Sum(c, partials) : null,
            hidden.Length > 0 ? Concat(ActivationCodecs.Get(hiddenCodec), hidden) : null);
    }

    public async Task<byte[]> FfnBack(string codec, byte[] hidden, int[] downOnly)
    {
        var c = ActivationCodecs.Get(codec);
        var parts = Split(c, hidden, downOnly);
        var partials = await Task.WhenAll(downOnly.Select((s, i) => SubBlock(SubBlockKind.FfnDown, s).FfnDown(parts[i])));
        return Sum(c, partials);
    }

    private ISubBlockGrain SubBlock(SubBlockKind kind, int index) =>
        GrainFactory.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(_model, new SubBlockId(_layer, kind, index)));

    private static byte[] ToFp32(IActivationCodec codec, byte[] encoded)
    {
        if (ReferenceEquals(codec, ActivationCodecs.Fp32))
            return encoded;
        using var scope = NewDisposeScope();
        return ActivationCodecs.Fp32.Encode(codec.DecodeToTensor(encoded));
    }

    // In the order given, so that the float sum is the same on every run.
    private static byte[] Sum(IActivationCodec codec, byte[][] fp32Partials)
    {
        using var scope = NewDisposeScope();
        var sum = ActivationCodecs.Fp32.DecodeToTensor(fp32Partials[0]);
        foreach (var p in fp32Partials.Skip(1))
            sum.add_(ActivationCodecs.Fp32.DecodeToTensor(p));
        return codec.Encode(sum);
    }

    private static byte[] Concat(IActivationCodec codec, byte[][] fp32Parts)
    {
        using var scope = NewDisposeScope();
        return codec.Encode(cat(fp32Parts.Select(p => ActivationCodecs.Fp32.DecodeToTensor(p)).ToArray(), 1).contiguous());
    }

    private byte[][] Split(IActivationCodec codec, byte[] hidden, int[] slices)
    {
        using var scope = NewDisposeScope();
        var model = catalog.Get(_model);
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
