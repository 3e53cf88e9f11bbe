using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// The index tensors of one batched decode step over slab slots: positions, slots, lengths and the padding
/// mask. Every head group of every layer sees the same sessions at the same positions (and, once their
/// slots line up, the same slots), so a step builds them once and the groups reuse them instead of paying
/// a dozen small tensor ops each (<see cref="SlabSteps"/>).
/// </summary>
public sealed class SlabStep : IDisposable
{
    internal SlabStep(long[] positions, long[] slots)
    {
        Positions = positions;
        Slots = slots;
        Longest = (int)positions.Max() + 1;
        Contiguous = slots.Select((s, i) => s == slots[0] + i).All(x => x);
        // Kept alive and freed by Dispose, whatever dispose scope the step was made in; the temporaries die here, and the
        // 1 is a kept Scalar (Scalars: a temporary one can be finalized mid-call).
        using var scope = NewDisposeScope();
        Position = tensor(positions).MoveToOuterDisposeScope();
        Slot = tensor(slots).MoveToOuterDisposeScope();
        Lengths = Position.add(Scalars.One).MoveToOuterDisposeScope();
        Padding = arange(Longest, ScalarType.Int64).unsqueeze(0).ge(Lengths.unsqueeze(1)).view(positions.Length, 1, 1, Longest).MoveToOuterDisposeScope();
    }

    public long[] Positions { get; }

    public long[] Slots { get; }

    public int Longest { get; }

    public bool Contiguous { get; }

    public Tensor Position { get; }

    public Tensor Slot { get; }

    public Tensor Lengths { get; }

    /// <summary>[B, 1, 1, Longest]: true where a session has no key yet.</summary>
    public Tensor Padding { get; }

    public void Dispose()
    {
        Position.Dispose();
        Slot.Dispose();
        Lengths.Dispose();
        Padding.Dispose();
    }
}

/// <summary>The <see cref="SlabStep"/>s made during one batched step, reused by every head group whose sessions match.</summary>
public sealed class SlabSteps : IDisposable
{
    private readonly List<SlabStep> _made = [];

    public SlabStep For(long[] positions, long[] slots)
    {
        foreach (var s in _made)
        {
            if (s.Positions.AsSpan().SequenceEqual(positions) && s.Slots.AsSpan().SequenceEqual(slots))
                return s;
        }

        var step = new SlabStep(positions, slots);
        _made.Add(step);
        return step;
    }

    public void Dispose()
    {
        foreach (var s in _made)
            s.Dispose();
    }
}
