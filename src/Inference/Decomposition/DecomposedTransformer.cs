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

    public DecomposedSession StartSession() => new(this);

    /// <summary>
    /// The next <paramref name="maxSessions"/> sessions keep their KV caches in one slab per head group,
    /// so that <see cref="ForwardBatch"/> runs their decode steps' attention as one padded kernel.
    /// </summary>
    public void UseSlabs(int maxSessions)
    {
        foreach (var layer in Layers)
        {
            foreach (var group in layer.Attention)
                group.UseSlab(maxSessions, Shape.MaxSeqLen);
        }
    }

    ICausalLmSession ICausalLm.StartSession() => StartSession();

    /// <summary>
    /// One step of several sessions together (continuous batching): session i appends tokens[i] (one
    /// for a decode step, a whole prompt when it joins), all rows go through each layer as one stacked
    /// matrix, and each session attends over its own caches. Logits per session, [T_i, vocab].
    /// A session's result equals its solo <see cref="ICausalLmSession.Forward"/> up to fp32 round-off.
    /// </summary>
    public IReadOnlyList<Tensor> ForwardBatch(IReadOnlyList<DecomposedSession> sessions, IReadOnlyList<IReadOnlyList<int>> tokens)
    {
        if (sessions.Count != tokens.Count)
            throw new ArgumentException($"{tokens.Count} token lists for {sessions.Count} sessions", nameof(tokens));
        if (sessions.Distinct().Count() != sessions.Count)
            throw new ArgumentException("a session appears twice in one batch", nameof(sessions));
        var rows = tokens.Select(t => t.Count).ToArray();
        for (var i = 0; i < sessions.Count; i++)
        {
            if (!ReferenceEquals(sessions[i].Model, this))
                throw new ArgumentException("a session of another model is in the batch", nameof(sessions));
            sessions[i].CheckRoom(rows[i]);
        }

        BatchRows.Check(rows.Sum(), sessions.Count, rows);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = sessions.Count == 1 ? Embed(tokens[0], sessions[0].Length) : cat(sessions.Select((s, i) => Embed(tokens[i], s.Length)).ToArray(), 0);
        var caches = sessions.Select(s => s.Caches).ToArray();
        using var steps = new SlabSteps();
        for (var l = 0; l < Layers.Count; l++)
        {
            if (l > 0 && LayerBoundary is { } boundary)
                x = PerSession(x, rows, boundary);
            x = Layers[l].ForwardBatch(x, caches.Select(c => (IReadOnlyList<KvCache>)c[l]).ToArray(), rows, steps);
        }

        for (var i = 0; i < sessions.Count; i++)
            sessions[i].Advance(rows[i]);
        var logits = Logits(x);
        var result = new Tensor[sessions.Count];
        long offset = 0;
        for (var i = 0; i < sessions.Count; i++)
        {
            result[i] = logits.narrow(0, offset, rows[i]).MoveToOuterDisposeScope();
            offset += rows[i];
        }

        return result;
    }

    /// <summary>A boundary codec sees each session's rows alone, as it would on that session's own call.</summary>
    private static Tensor PerSession(Tensor x, int[] rows, Func<Tensor, Tensor> boundary)
    {
        if (rows.Length == 1)
            return boundary(x);
        var parts = new Tensor[rows.Length];
        long offset = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            parts[i] = boundary(x.narrow(0, offset, rows[i]));
            offset += rows[i];
        }

        return cat(parts, 0);
    }

    public Tensor Embed(IReadOnlyList<int> tokens, int start)
    {
        using var idx = tensor(tokens.Select(t => (long)t).ToArray());
        var x = _embedding.TokenEmbedding[idx];
        return _embedding.PositionEmbedding is { } wpe ? x.add(wpe.narrow(0, start, tokens.Count), Scalars.One) : x;
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
}
