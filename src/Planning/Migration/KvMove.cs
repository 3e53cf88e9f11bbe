using Splitwise.Contracts;
using Splitwise.Contracts.Plans;

namespace Splitwise.Planning.Migration;

/// <summary>
/// What a plan change carries over the link: every attention head group whose tier changed takes its KV cache with
/// it (keys and values of its KV heads for every cached position), in the fabric's snapshot layout
/// (Inference/Models/KvCacheSnapshot: a 16-byte header, then K and V as [heads, length, head_dim] elements). FFN
/// sub-blocks hold no per-session state, so moving one carries nothing (their weights are resident on both tiers).
/// One rule for the simulator and the fabric: both ask this function what a move costs in bytes.
/// </summary>
public static class KvMove
{
    /// <summary>The snapshot header (heads, capacity, head_dim, length as int32).</summary>
    public const int HeaderBytes = 16;

    /// <summary>The fabric's snapshot stores fp32 elements.</summary>
    public const int FabricElementBytes = 4;

    /// <summary>Bytes of one head group's cache of <paramref name="length"/> positions.</summary>
    public static long GroupBytes(int kvHeadsPerGroup, int headDim, int length, int elementBytes = FabricElementBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return HeaderBytes + 2L * kvHeadsPerGroup * length * headDim * elementBytes;
    }

    /// <summary>
    /// Bytes moving each way when <paramref name="next"/> replaces <paramref name="previous"/> for a session whose caches
    /// hold <paramref name="length"/> positions: edge-to-cloud (up) and cloud-to-edge (down).
    /// </summary>
    public static (long Up, long Down) Bytes(PartitionPlan previous, PartitionPlan next, int headDim, int length, int elementBytes = FabricElementBytes)
    {
        if (length == 0 || ReferenceEquals(previous, next))
            return (0, 0);
        var group = GroupBytes(next.Spec.KvHeadsPerGroup, headDim, length, elementBytes);
        long up = 0, down = 0;
        foreach (var id in next.ChangedFrom(previous))
        {
            if (id.Kind != SubBlockKind.AttentionHeads)
                continue;
            if (next.Tiers[id] == Tier.Cloud)
                up += group;
            else
                down += group;
        }

        return (up, down);
    }
}
