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

    private KvSlab? _slab;

    /// <summary>A slot of this group's slab while one is free, else a cache of its own.</summary>
    public KvCache NewCache(int maxSeqLen) =>
        _slab is { } slab && slab.Keys.size(2) == maxSeqLen && slab.Rent() is { } slot ? slot : new(KvHeads, maxSeqLen, HeadDim);

    /// <summary>Slots of this group's slab not rented, or null without a slab.</summary>
    public int? SlabFreeSlots => _slab?.FreeSlots;

    /// <summary>
    /// Caches made from now on share one slab of <paramref name="slots"/> sessions, so that a batch of
    /// their decode steps attends in one padded kernel (<see cref="ForwardBatch"/>). Caches already
    /// handed out keep working through the per-session path.
    /// </summary>
    public void UseSlab(int slots, int maxSeqLen)
    {
        if (_slab is not null)
            throw new InvalidOperationException($"{Id} already has a slab");
        _slab = new KvSlab(slots, KvHeads, maxSeqLen, HeadDim);
    }

    /// <summary>Prefill (T tokens) or decode (1 token): normed hidden x [T, d] -> partial [T, d].</summary>
    public Tensor Forward(Tensor x, KvCache cache) => Attend(x, cache).mm(_w.Wo);

    /// <summary>As <see cref="Forward"/>, adding the partial into <paramref name="sum"/> in place.</summary>
    public void AccumulateInto(Tensor sum, Tensor x, KvCache cache) => sum.addmm_(Attend(x, cache), _w.Wo);

    /// <summary>
    /// Several sessions in one call (continuous batching): x [R, d] stacks <paramref name="rows"/>[i] rows
    /// of session i (1 for a decode step, the prompt length for a prefill). The q|k|v and output
    /// projections run as one matmul over all R rows, so each weight is read once for the batch; the
    /// attention core runs per session over its own cache at its own position. Returns the partial [R, d].
    /// </summary>
    /// <param name="steps">index tensors shared with the other groups of the same step; null to make them here.</param>
    public Tensor ForwardBatch(Tensor x, IReadOnlyList<KvCache> caches, IReadOnlyList<int> rows, SlabSteps? steps = null) =>
        AttendBatch(x, caches, rows, steps).mm(_w.Wo);

    /// <summary>As <see cref="ForwardBatch"/>, adding the partial into <paramref name="sum"/> [R, d] in place.</summary>
    public void AccumulateBatchInto(Tensor sum, Tensor x, IReadOnlyList<KvCache> caches, IReadOnlyList<int> rows, SlabSteps? steps = null) =>
        sum.addmm_(AttendBatch(x, caches, rows, steps), _w.Wo);

    private Tensor AttendBatch(Tensor x, IReadOnlyList<KvCache> caches, IReadOnlyList<int> rows, SlabSteps? steps)
    {
        BatchRows.Check(x.size(0), caches.Count, rows);
        if (caches.Count == 1)
            return Attend(x, caches[0]);
        var qkv = Project(x);
        if (_slab is { } slab && x.size(0) == caches.Count && caches.All(c => ReferenceEquals(c.Slab, slab) && c.Length < c.Capacity))
        {
            if (steps is not null)
                return AttendSlab(qkv, caches, slab, steps);
            using var own = new SlabSteps();
            return AttendSlab(qkv, caches, slab, own);
        }

        var outputs = new Tensor[caches.Count];
        long offset = 0;
        for (var i = 0; i < caches.Count; i++)
        {
            outputs[i] = AttendProjected(qkv.narrow(0, offset, rows[i]), caches[i]);
            offset += rows[i];
        }

        return cat(outputs, 0);
    }

    /// <summary>
    /// A decode step of B sessions whose caches are slots of one slab: every new key and value is
    /// stored with one indexed write, and the attention core runs once over the keys padded to the
    /// longest session, the rest masked. qkv [B, (q + 2 kv) hd] -> [B, q hd].
    /// </summary>
    private Tensor AttendSlab(Tensor qkv, IReadOnlyList<KvCache> caches, KvSlab slab, SlabSteps steps)
    {
        var b = caches.Count;
        var heads = qkv.view(b, QueryHeads + 2 * KvHeads, HeadDim);
        var q = heads.narrow(1, 0, QueryHeads);
        var k = heads.narrow(1, QueryHeads, KvHeads);
        var v = heads.narrow(1, QueryHeads + KvHeads, KvHeads);
        var positions = new long[b];
        var slots = new long[b];
        for (var i = 0; i < b; i++)
        {
            positions[i] = caches[i].Length;
            slots[i] = caches[i].Slot;
        }

        var step = steps.For(positions, slots);
        if (_rotary is not null)
        {
            q = _rotary.ApplyAt(q, step.Position);
            k = _rotary.ApplyAt(k, step.Position);
        }

        // slab[slot[i], :, position[i], :] = k[i]: the advanced indices sit apart, so the indexed view is [B, heads, hd].
        slab.Keys.index_put_(k, TensorIndex.Tensor(step.Slot), TensorIndex.Colon, TensorIndex.Tensor(step.Position));
        slab.Values.index_put_(v, TensorIndex.Tensor(step.Slot), TensorIndex.Colon, TensorIndex.Tensor(step.Position));
        foreach (var c in caches)
            c.Advance(1);

        var keys = slab.Keys.narrow(2, 0, step.Longest);
        var values = slab.Values.narrow(2, 0, step.Longest);
        (keys, values) = step.Contiguous
            ? (keys.narrow(0, slots[0], b), values.narrow(0, slots[0], b))
            : (keys.index_select(0, step.Slot), values.index_select(0, step.Slot));
        var y = CausalAttention.DecodePadded(q.unsqueeze(2), keys, values, step.Padding); // [B, q heads, 1, hd]
        return y.view(b, _qWidth);
    }

    private Tensor Project(Tensor x) => _w.Bqkv is null ? x.mm(_w.Wqkv) : addmm(_w.Bqkv, x, _w.Wqkv, 1, 1);

    private Tensor Attend(Tensor x, KvCache cache) => AttendProjected(Project(x), cache);

    /// <summary>qkv [T, (q + 2 kv) hd] of one session's rows -> attention output [T, q hd].</summary>
    private Tensor AttendProjected(Tensor qkv, KvCache cache)
    {
        var t = qkv.size(0);
        var start = cache.Length;
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
        _slab?.Dispose();
        _w.Wqkv.Dispose();
        _w.Bqkv?.Dispose();
        _w.Wo.Dispose();
    }
}
