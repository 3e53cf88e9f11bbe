using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Migration;

namespace Splitwise.Planning.Tests.Migration;

public class KvMoveTests
{
    private static PartitionPlan Plan(int layers, DecompositionSpec spec, int kvHeads, Func<SubBlockId, Tier> tier) => new()
    {
        Layers = layers, Spec = spec,
        Tiers = Enumerable.Range(0, layers).SelectMany(l => spec.SubBlocks(l, kvHeads)).ToDictionary(id => id, tier),
    };

    [Fact]
    public void Head_groups_that_change_tier_carry_their_caches_and_ffn_slices_carry_nothing()
    {
        var spec = DecompositionSpec.WithHeadGroups(8, 4, 4);
        var edge = Plan(3, spec, 8, _ => Tier.Edge);
        // Layer 0's attention moves up; every FFN slice of layer 1 moves up too (no cache); layer 2 stays.
        var next = Plan(3, spec, 8, id => id.Layer == 0 && id.Kind == SubBlockKind.AttentionHeads || id.Layer == 1 && id.Kind == SubBlockKind.Ffn ? Tier.Cloud : Tier.Edge);
        var (up, down) = KvMove.Bytes(edge, next, headDim: 64, length: 100);
        // 4 groups of 2 KV heads: header + K and V of 2 x 100 x 64 fp32 each.
        Assert.Equal(4 * (16 + 2L * 2 * 100 * 64 * 4), up);
        Assert.Equal(0, down);
        Assert.Equal((0L, up), KvMove.Bytes(next, edge, 64, 100));
        Assert.Equal((0L, 0L), KvMove.Bytes(edge, next, 64, 0));
        Assert.Equal((0L, 0L), KvMove.Bytes(next, next, 64, 100));
    }

    [Fact]
    public void A_group_cache_is_the_fabric_snapshot_size()
    {
        // KvCacheSnapshot: 16-byte header, then K and V as [heads, length, head_dim] fp32.
        Assert.Equal(16 + 2 * 3 * 7 * 5 * 4, KvMove.GroupBytes(3, 5, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvMove.GroupBytes(1, 1, -1));
    }
}
