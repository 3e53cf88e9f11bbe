using Splitwise.Inference.Models;
using TorchSharp;

namespace Splitwise.Inference.Tests.Models;

public class KvCacheSnapshotTests
{
    [Fact]
    public void RoundTripKeepsContentsLengthAndCapacity()
    {
        using var cache = new KvCache(nKvHeads: 2, maxSeqLen: 16, headDim: 8);
        using var k = torch.randn(2, 5, 8);
        using var v = torch.randn(2, 5, 8);
        cache.Append(k, v);

        using var copy = KvCacheSnapshot.FromBytes(KvCacheSnapshot.ToBytes(cache));

        Assert.Equal(5, copy.Length);
        Assert.Equal(16, copy.Capacity);
        Assert.True(copy.Filled.Keys.eq(k).all().item<bool>());
        Assert.True(copy.Filled.Values.eq(v).all().item<bool>());
    }

    [Fact]
    public void EmptyCacheRoundTrips()
    {
        using var cache = new KvCache(1, 4, 2);
        using var copy = KvCacheSnapshot.FromBytes(KvCacheSnapshot.ToBytes(cache));
        Assert.Equal(0, copy.Length);
        Assert.Equal(4, copy.Capacity);
    }

    [Fact]
    public void TruncatedBytesAreRejected()
    {
        using var cache = new KvCache(1, 4, 2);
        using var k = torch.ones(1, 2, 2);
        cache.Append(k, k);
        var bytes = KvCacheSnapshot.ToBytes(cache);
        Assert.Throws<ArgumentException>(() => KvCacheSnapshot.FromBytes(bytes.AsSpan(0, bytes.Length - 4)));
    }
}
