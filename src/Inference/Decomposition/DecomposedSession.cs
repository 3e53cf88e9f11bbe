using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// One generation on a <see cref="DecomposedTransformer"/>: its own KV cache per head group per layer
/// and its own position. Steps alone through <see cref="Forward"/> or with other sessions through
/// <see cref="DecomposedTransformer.ForwardBatch"/>; either way its caches are only ever its own.
/// </summary>
public sealed class DecomposedSession : ICausalLmSession
{
    private readonly KvCache[][] _caches;

    internal DecomposedSession(DecomposedTransformer model)
    {
        Model = model;
        _caches = model.Layers.Select(l => l.Attention.Select(a => a.NewCache(model.Shape.MaxSeqLen)).ToArray()).ToArray();
    }

    public int Length { get; private set; }

    internal DecomposedTransformer Model { get; }

    /// <summary>[layer][head group].</summary>
    internal KvCache[][] Caches => _caches;

    public Tensor Forward(IReadOnlyList<int> tokens)
    {
        CheckRoom(tokens.Count);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = Model.Embed(tokens, Length);
        for (var i = 0; i < Model.Layers.Count; i++)
        {
            if (i > 0 && Model.LayerBoundary is { } boundary)
                x = boundary(x);
            x = Model.Layers[i].Forward(x, _caches[i]);
        }

        Length += tokens.Count;
        return Model.Logits(x).MoveToOuterDisposeScope();
    }

    internal void CheckRoom(int tokens)
    {
        if (tokens == 0)
            throw new ArgumentException("no tokens to forward", nameof(tokens));
        if (Length + tokens > Model.Shape.MaxSeqLen)
            throw new ContextOverflowException(Length + tokens, Model.Shape.MaxSeqLen);
    }

    internal void Advance(int tokens) => Length += tokens;

    public void Dispose()
    {
        foreach (var c in _caches.SelectMany(c => c))
            c.Dispose();
    }
}
