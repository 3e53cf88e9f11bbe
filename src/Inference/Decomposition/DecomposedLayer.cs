using Splitwise.Contracts;
using Splitwise.Inference.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// One layer cut into sub-blocks, plus what the stage owner does around them: the norms, and the
/// sum of partial outputs that starts from residual + shared bias (so each bias is added once).
/// </summary>
public sealed class DecomposedLayer : IDisposable
{
    private readonly LayerSharedWeights _shared;
    private readonly TransformerShape _shape;

    public DecomposedLayer(int index, TransformerShape shape, DecompositionSpec spec, ISubBlockWeightReader reader, Rotary? rotary)
    {
        Index = index;
        _shape = shape;
        _shared = reader.LayerShared(index);
        var groupSize = spec.KvHeadsPerGroup;
        Attention = Enumerable.Range(0, spec.HeadGroups(shape.NKvHead))
            .Select(g => new AttentionHeadGroup(
                new SubBlockId(index, SubBlockKind.AttentionHeads, g),
                reader.AttentionGroup(index, g * groupSize, groupSize), groupSize, shape.QueriesPerKvHead, shape.HeadDim, rotary))
            .ToArray();

        var up = new List<FfnUpPart>();
        var down = new List<FfnDownPart>();
        for (var s = 0; s < spec.FfnSlices; s++)
        {
            var (start, count) = spec.FfnSliceRange(s, shape.DFf);
            var upKind = spec.SplitFfn ? SubBlockKind.FfnUp : SubBlockKind.Ffn;
            var downKind = spec.SplitFfn ? SubBlockKind.FfnDown : SubBlockKind.Ffn;
            up.Add(new FfnUpPart(new SubBlockId(index, upKind, s), reader.FfnIn(index, start, count), shape.Ffn));
            down.Add(new FfnDownPart(new SubBlockId(index, downKind, s), reader.FfnOut(index, start, count)));
        }

        FfnUp = up;
        FfnDown = down;
    }

    public int Index { get; }

    public IReadOnlyList<AttentionHeadGroup> Attention { get; }

    /// <summary>Slice s is FfnUp[s] then FfnDown[s]; one sub-block (Ffn) unless the spec splits them.</summary>
    public IReadOnlyList<FfnUpPart> FfnUp { get; }

    public IReadOnlyList<FfnDownPart> FfnDown { get; }

    public Tensor NormForAttention(Tensor x) => Norm(x, _shared.AttnNormW, _shared.AttnNormB);

    public Tensor NormForFfn(Tensor x) => Norm(x, _shared.FfnNormW, _shared.FfnNormB);

    /// <summary>residual + output-projection bias: the sum the attention partials are added to.</summary>
    public Tensor StartAttentionSum(Tensor residual) => StartSum(residual, _shared.AttnOutBias);

    /// <summary>residual + second FFN bias: the sum the FFN partials are added to.</summary>
    public Tensor StartFfnSum(Tensor residual) => StartSum(residual, _shared.FfnOutBias);

    /// <summary>The whole layer in process: attention partials, then FFN partials, each summed once.</summary>
    public Tensor Forward(Tensor x, IReadOnlyList<KvCache> caches)
    {
        var h = NormForAttention(x);
        var sum = StartAttentionSum(x);
        for (var g = 0; g < Attention.Count; g++)
            Attention[g].AccumulateInto(sum, h, caches[g]);
        return FfnOf(sum);
    }

    /// <summary>
    /// The layer for several sessions at once: x [R, d] stacks rows[i] rows of session i, whose head
    /// groups' caches are caches[i]. Norms and sums are row-wise and the FFN is position-free, so only
    /// the attention core needs to know which rows belong to whom.
    /// </summary>
    public Tensor ForwardBatch(Tensor x, IReadOnlyList<IReadOnlyList<KvCache>> caches, IReadOnlyList<int> rows, SlabSteps? steps = null)
    {
        var h = NormForAttention(x);
        var sum = StartAttentionSum(x);
        var groupCaches = new KvCache[caches.Count];
        for (var g = 0; g < Attention.Count; g++)
        {
            for (var i = 0; i < caches.Count; i++)
                groupCaches[i] = caches[i][g];
            Attention[g].AccumulateBatchInto(sum, h, groupCaches, rows, steps);
        }

        return FfnOf(sum);
    }

    private Tensor FfnOf(Tensor sum)
    {
        var h = NormForFfn(sum);
        var next = StartFfnSum(sum);
        for (var s = 0; s < FfnUp.Count; s++)
            FfnDown[s].AccumulateInto(next, FfnUp[s].Forward(h));
        return next;
    }

    private Tensor Norm(Tensor x, Tensor w, Tensor? b) => _shape.Norm == NormKind.LayerNorm
        ? layer_norm(x, [_shape.DModel], w, b, _shape.NormEps)
        : RmsNorm.Apply(x, w, _shape.NormEps);

    private static Tensor StartSum(Tensor residual, Tensor? bias) => bias is null ? residual.clone() : residual.add(bias, Scalars.One);

    public void Dispose()
    {
        foreach (var a in Attention)
            a.Dispose();
        foreach (var u in FfnUp)
            u.Dispose();
        foreach (var d in FfnDown)
            d.Dispose();
        foreach (var t in new[] { _shared.AttnNormW, _shared.AttnNormB, _shared.FfnNormW, _shared.FfnNormB, _shared.AttnOutBias, _shared.FfnOutBias })
            t?.Dispose();
    }
}
