using Splitwise.Inference.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// What the owner of a distributed generation holds: embeddings, each layer's norms and shared biases,
/// the final norm and the LM head, but no sub-block weights (those live with the sub-blocks, wherever
/// they run). The same arithmetic as <see cref="DecomposedLayer"/> and <see cref="DecomposedTransformer"/>,
/// which load every sub-block too. Read-only after construction, so sessions may share one.
/// </summary>
public sealed class StageOwnerWeights : IDisposable
{
    private readonly EmbeddingWeights _embedding;
    private readonly LayerSharedWeights[] _layers;

    public StageOwnerWeights(ISubBlockWeightReader reader)
    {
        Shape = reader.Shape;
        _embedding = reader.Embeddings();
        _layers = Enumerable.Range(0, Shape.NLayer).Select(reader.LayerShared).ToArray();
    }

    public TransformerShape Shape { get; }

    public Tensor Embed(IReadOnlyList<int> tokens, int start)
    {
        using var idx = tensor(tokens.Select(t => (long)t).ToArray());
        var x = _embedding.TokenEmbedding[idx];
        return _embedding.PositionEmbedding is { } wpe ? x.add(wpe.narrow(0, start, tokens.Count), Scalars.One) : x;
    }

    public Tensor NormForAttention(int layer, Tensor x) => Norm(x, _layers[layer].AttnNormW, _layers[layer].AttnNormB);

    public Tensor NormForFfn(int layer, Tensor x) => Norm(x, _layers[layer].FfnNormW, _layers[layer].FfnNormB);

    /// <summary>residual + output-projection bias: the sum the attention partials are added to.</summary>
    public Tensor StartAttentionSum(int layer, Tensor residual) => StartSum(residual, _layers[layer].AttnOutBias);

    /// <summary>residual + second FFN bias: the sum the FFN partials are added to.</summary>
    public Tensor StartFfnSum(int layer, Tensor residual) => StartSum(residual, _layers[layer].FfnOutBias);

    public Tensor Logits(Tensor x) => Norm(x, _embedding.FinalNormW, _embedding.FinalNormB).mm(_embedding.LmHead.t());

    private Tensor Norm(Tensor x, Tensor w, Tensor? b) => Shape.Norm == NormKind.LayerNorm
        ? layer_norm(x, [Shape.DModel], w, b, Shape.NormEps)
        : RmsNorm.Apply(x, w, Shape.NormEps);

    private static Tensor StartSum(Tensor residual, Tensor? bias) => bias is null ? residual.clone() : residual.add(bias, Scalars.One);

    public void Dispose()
    {
        foreach (var l in _layers)
        {
            foreach (var t in new[] { l.AttnNormW, l.AttnNormB, l.FfnNormW, l.FfnNormB, l.AttnOutBias, l.FfnOutBias })
                t?.Dispose();
        }

        _embedding.TokenEmbedding.Dispose();
        _embedding.PositionEmbedding?.Dispose();
        _embedding.FinalNormW.Dispose();
        _embedding.FinalNormB?.Dispose();
        if (!ReferenceEquals(_embedding.LmHead, _embedding.TokenEmbedding))
            _embedding.LmHead.Dispose();
    }
}
