using Splitwise.Contracts;
using Splitwise.Inference.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// A transformer held as sub-blocks (head groups, FFN slices or split W1/W2 parts), run in process.
/// Exact by construction: partials are summed, so its logits equal the monolithic model's up to
/// float summation order. The fabric runs the same sub-blocks as grains.
/// </summary>
public sealed class DecomposedTransformer : ICausalLm
{
    private readonly EmbeddingWeights _embedding;
    private readonly Rotary? _rotary;

    public DecomposedTransformer(ISubBlockWeightReader reader, DecompositionSpec spec)
    {
        Shape = reader.Shape;
        spec.Validate(Shape.NKvHead, Shape.DFf);
        Spec = spec;
        _rotary = Shape.RopeTheta is { } theta ? new Rotary(Shape.HeadDim, Shape.MaxSeqLen, theta) : null;
        _embedding = reader.Embeddings();
        Layers = Enumerable.Range(0, Shape.NLayer).Select(i => new DecomposedLayer(i, Shape, spec, reader, _rotary)).ToArray();
    }

    public TransformerShape Shape { get; }

    public DecompositionSpec Spec { get; }

    public IReadOnlyList<DecomposedLayer> Layers { get; }

    /// <summary>
    /// Applied to the residual stream between layers, where a tier boundary may sit (e.g. a codec's
    /// encode/decode round trip); identity when null.
    /// </summary>
    public Func<Tensor, Tensor>? LayerBoundary { get; set; }

    public ICausalLmSession StartSession() => new Session(this);

    public Tensor Embed(IReadOnlyList<int> tokens, int start)
    {
        using var idx = tensor(tokens.Select(t => (long)t).ToArray());
        var x = _embedding.TokenEmbedding[idx];
        return _embedding.PositionEmbedding is { } wpe ? x + wpe.narrow(0, start, tokens.Count) : x;
    }

    public Tensor Logits(Tensor x)
    {
        var h = Shape.Norm == NormKind.LayerNorm
            ? layer_norm(x, [Shape.DModel], _embedding.FinalNormW, _embedding.FinalNormB, Shape.NormEps)
            : RmsNorm.Apply(x, _embedding.FinalNormW, Shape.NormEps);
        return h.mm(_embedding.LmHead.t());
    }

    public void Dispose()
    {
        foreach (var layer in Layers)
            layer.Dispose();
        _embedding.TokenEmbedding.Dispose();
        _embedding.PositionEmbedding?.Dispose();
        _embedding.FinalNormW.Dispose();
        _embedding.FinalNormB?.Dispose();
        if (!ReferenceEquals(_embedding.LmHead, _embedding.TokenEmbedding))
            _embedding.LmHead.Dispose();
        _rotary?.Dispose();
    }

    private sealed class Session(DecomposedTransformer model) : ICausalLmSession
    {
        private readonly KvCache[][] _caches = model.Layers
            .Select(l => l.Attention.Select(a => a.NewCache(model.Shape.MaxSeqLen)).ToArray()).ToArray();

        public int Length { get; private set; }

        public Tensor Forward(IReadOnlyList<int> tokens)
        {
            if (tokens.Count == 0)
                throw new ArgumentException("no tokens to forward", nameof(tokens));
            if (Length + tokens.Count > model.Shape.MaxSeqLen)
                throw new ContextOverflowException(Length + tokens.Count, model.Shape.MaxSeqLen);
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var x = model.Embed(tokens, Length);
            for (var i = 0; i < model.Layers.Count; i++)
            {
                if (i > 0 && model.LayerBoundary is { } boundary)
                    x = boundary(x);
                x = model.Layers[i].Forward(x, _caches[i]);
            }

            Length += tokens.Count;
            return model.Logits(x).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            foreach (var c in _caches.SelectMany(c => c))
                c.Dispose();
        }
    }
}
