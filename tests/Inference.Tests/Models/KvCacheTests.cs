using Splitwise.Inference.Models;
using TorchSharp;

namespace Splitwise.Inference.Tests.Models;

public class KvCacheTests
{
    [Fact]
    public void TruncatingForgetsTheLaterPositionsAndTheNextAppendRewritesThem()
    {
        using var cache = new KvCache(nKvHeads: 1, maxSeqLen: 8, headDim: 2);
        using var first = torch.ones(1, 4, 2);
        using var again = torch.full(1, 2, 2, 7f);
        cache.Append(first, first);

        cache.Truncate(2);
        cache.Append(again, again);

        Assert.Equal(4, cache.Length);
        Assert.Equal([1f, 1f, 1f, 1f, 7f, 7f, 7f, 7f], cache.Filled.Keys.data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Truncate(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Truncate(-1));
    }
}
