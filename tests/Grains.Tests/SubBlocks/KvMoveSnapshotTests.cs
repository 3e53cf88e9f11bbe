using Splitwise.Inference.Models;
using Splitwise.Planning.Migration;
using TorchSharp;

namespace Splitwise.Grains.Tests.SubBlocks;

/// <summary>
/// The simulator charges a migrating head group <see cref="KvMove.GroupBytes"/>; the fabric carries the group's cache as
/// <see cref="KvCacheSnapshot"/> bytes when the grain migrates. One figure, checked against the real snapshot.
/// </summary>
public class KvMoveSnapshotTests
{
    [Theory]
    [InlineData(1, 8, 0)]
    [InlineData(2, 16, 5)]
    [InlineData(4, 64, 33)]
    public void The_simulators_group_bytes_are_the_fabrics_snapshot_bytes(int heads, int headDim, int length)
    {
        using var cache = new KvCache(heads, maxSeqLen: 64, headDim: headDim);
        if (length > 0)
        {
            using var k = torch.randn(heads, length, headDim);
            using var v = torch.randn(heads, length, headDim);
            cache.Append(k, v);
        }

        Assert.Equal(KvMove.GroupBytes(heads, headDim, length), KvCacheSnapshot.ToBytes(cache).Length);
    }
}
