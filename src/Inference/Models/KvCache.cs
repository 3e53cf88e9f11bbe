using TorchSharp;

namespace Splitwise.Inference.Models;

/// <summary>
/// Keys and values of a set of KV heads for one session, preallocated to the context length so a
/// decode step writes in place instead of concatenating.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly torch.Tensor _k;
    private readonly torch.Tensor _v;

    public KvCache(int nKvHeads, int maxSeqLen, int headDim)
    {
        _k = torch.zeros(nKvHeads, maxSeqLen, headDim);
        _v = torch.zeros(nKvHeads, maxSeqLen, headDim);
        Capacity = maxSeqLen;
    }

    /// <summary>A slot of <paramref name="slab"/>: k and v are views [heads, maxSeq, hd] of its tensors.</summary>
    internal KvCache(KvSlab slab, int slot, torch.Tensor k, torch.Tensor v)
    {
        _k = k;
        _v = v;
        Capacity = (int)k.size(1);
        Slab = slab;
        Slot = slot;
    }

    /// <summary>The slab this cache is a slot of, or null for a cache of its own.</summary>
    public KvSlab? Slab { get; }

    public int Slot { get; }

    public int Length { get; private set; }

    public int Capacity { get; }

    /// <summary>The keys and values written so far [heads, Length, hd] (views); <see cref="KvCacheSnapshot"/> copies them out.</summary>
    public (torch.Tensor Keys, torch.Tensor Values) Filled => (_k.narrow(1, 0, Length), _v.narrow(1, 0, Length));

    /// <summary>Writes k, v [heads, T, hd] at the current end; returns all keys and values so far.</summary>
    public (torch.Tensor Keys, torch.Tensor Values) Append(torch.Tensor k, torch.Tensor v)
    {
        var t = (int)k.size(1);
        if (Length + t > Capacity)
            throw new ContextOverflowException(Length + t, Capacity);
        _k.narrow(1, Length, t).copy_(k);
        _v.narrow(1, Length, t).copy_(v);
        Length += t;
        return (_k.narrow(1, 0, Length), _v.narrow(1, 0, Length));
    }

    /// <summary>
    /// Forgets the positions from <paramref name="length"/> on (a step that is run again rewrites them); the
    /// storage stays allocated.
    /// </summary>
    public void Truncate(int length)
    {
        if (length < 0 || length > Length)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"the cache holds {Length} positions");
        Length = length;
    }

    /// <summary>Counts <paramref name="t"/> positions the slab's batched step has already written in place.</summary>
    internal void Advance(int t)
    {
        if (Length + t > Capacity)
            throw new ContextOverflowException(Length + t, Capacity);
        Length += t;
    }

    public void Dispose()
    {
        _k.Dispose();
        _v.Dispose();
        Slab?.Return(Slot);
    }
}

/// <summary>A sequence that no longer fits the model's context.</summary>
public sealed class ContextOverflowException(int needed, int capacity)
    : InvalidOperationException($"sequence of {needed} tokens exceeds the context length of {capacity}");
