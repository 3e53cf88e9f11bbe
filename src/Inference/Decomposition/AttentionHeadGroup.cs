using Splitwise.Contracts;
using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// A contiguous set of KV heads with their query heads: computes q, k, v for its heads only, attends
/// over its own KV cache and projects through its rows of the output projection. Its output is a
/// partial sum over heads; the output bias is added once by whoever sums the partials.
/// </summary>
public sealed class AttentionHeadGroup : IDisposable
{
    private readonly AttentionGroupWeights _w;
    private readonly Rotary? _rotary;
    private readonly int _qWidth;

    public AttentionHeadGroup(SubBlockId id, AttentionGroupWeights weights, int kvHeads, int queriesPerKvHead, int headDim, Rotary? rotary)
    {
        Id = id;
        _w = weights;
        _rotary = rotary;
        KvHeads = kvHeads;
        QueryHeads = kvHeads * queriesPerKvHead;
        HeadDim = headDim;
        _qWidth = QueryHeads * headDim;
    }

    public SubBlockId Id { get; }

    public int KvHeads { get; }

    public int QueryHeads { get; }

    public int HeadDim { get; }

    public KvCache NewCache(int maxSeqLen) => new(KvHeads, maxSeqLen, HeadDim);

    /// <summary>Prefill (T tokens) or decode (1 token): normed hidden x [T, d] -> partial [T, d].</summary>
    public Tensor Forward(Tensor x, KvCache cache) => Attend(x, cache).mm(_w.Wo);

    /// <summary>As <see cref="Forward"/>, adding the partial into <paramref name="sum"/> in place.</summary>
    public void AccumulateInto(Tensor sum, Tensor x, KvCache cache) => sum.addmm_(Attend(x, cache), _w.Wo);

    private Tensor Attend(Tensor x, KvCache cache)
    {
        var t = x.size(0);
        var start = cache.Length;
        var qkv = _w.Bqkv is null ? x.mm(_w.Wqkv) : addmm(_w.Bqkv, x, _w.Wqkv, 1, 1);
        // q | k | v columns are head-major, so one view gives every head of all three: [q+2kv heads, T, hd].
        // Two views and three narrows instead of three narrow/reshape/transpose chains: each TorchSharp
        // op costs a P/Invoke and a handle, which dominates a decode step of a small group.
        var heads = qkv.view(t, QueryHeads + 2 * KvHeads, HeadDim).transpose(0, 1);
        var q = heads.narrow(0, 0, QueryHeads);
        var k = heads.narrow(0, QueryHeads, KvHeads);
        var v = heads.narrow(0, QueryHeads + KvHeads, KvHeads);
        if (_rotary is not null)
        {
            q = _rotary.Apply(q, start);
            k = _rotary.Apply(k, start);
        }

        (k, v) = cache.Append(k, v);
        var y = CausalAttention.Compute(q, k, v, start); // [heads, T, hd]
        // One token: [heads, 1, hd] is already laid out as [1, heads * hd], so no transpose is needed.
        return t == 1 ? y.view(1, _qWidth) : y.transpose(0, 1).reshape(t, _qWidth);
    }

    public void Dispose()
    {
        _w.Wqkv.Dispose();
        _w.Bqkv?.Dispose();
        _w.Wo.Dispose();
    }
}
