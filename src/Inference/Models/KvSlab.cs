using TorchSharp;

namespace Splitwise.Inference.Models;

/// <summary>
/// The KV caches of up to <see cref="Slots"/> sessions of one head group in one tensor pair
/// [slots, heads, maxSeq, hd]: each session rents a slot (a <see cref="KvCache"/> over views of it),
/// so a batched decode step writes every session's new key with one indexed store and attends over
/// all of them with one padded matmul instead of a chain of small ops per session. A session that
/// finds the slab full gets a cache of its own and is stepped through the per-session path.
/// </summary>
public sealed class KvSlab : IDisposable
{
    private readonly SortedSet<int> _free;
    private readonly Lock _gate = new();

    public KvSlab(int slots, int nKvHeads, int maxSeqLen, int headDim)
    {
        if (slots <= 0)
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "a slab needs at least one slot");
        Slots = slots;
        Keys = torch.zeros(slots, nKvHeads, maxSeqLen, headDim);
        Values = torch.zeros(slots, nKvHeads, maxSeqLen, headDim);
        _free = new SortedSet<int>(Enumerable.Range(0, slots));
    }

    public int Slots { get; }

    /// <summary>[slots, heads, maxSeq, hd]; rows past a slot's length are stale and must be masked.</summary>
    public torch.Tensor Keys { get; }

    public torch.Tensor Values { get; }

    public int FreeSlots
    {
        get
        {
            lock (_gate)
                return _free.Count;
        }
    }

    /// <summary>A cache in the lowest free slot, or null when every slot is taken.</summary>
    public KvCache? Rent()
    {
        int slot;
        lock (_gate)
        {
            if (_free.Count == 0)
                return null;
            slot = _free.Min;
            _free.Remove(slot);
        }

        return new KvCache(this, slot, Keys.select(0, slot), Values.select(0, slot));
    }

    internal void Return(int slot)
    {
        lock (_gate)
            _free.Add(slot);
    }

    public void Dispose()
    {
        Keys.Dispose();
        Values.Dispose();
    }
}
