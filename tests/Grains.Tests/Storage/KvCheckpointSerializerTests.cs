using Splitwise.Grains.Storage;
using Splitwise.Grains.SubBlocks;
using Splitwise.Inference.Models;
using TorchSharp;

namespace Splitwise.Grains.Tests.Storage;

public class KvCheckpointSerializerTests
{
    [Fact]
    public void ACheckpointRoundTripsItsCacheBitForBitAndReportsItsSize()
    {
        using var cache = new KvCache(nKvHeads: 2, maxSeqLen: 32, headDim: 8);
        using (var scope = torch.NewDisposeScope())
            cache.Append(torch.randn(2, 5, 8, generator: new torch.Generator(3)), torch.randn(2, 5, 8, generator: new torch.Generator(4)));
        var session = Guid.NewGuid();
        var state = new SubBlockCheckpoint { Sessions = { [session] = new SessionKv { PlanVersion = 7, Position = 5, Kv = KvCacheSnapshot.ToBytes(cache) } } };
        long reported = 0;
        var serializer = new KvCheckpointSerializer(bytes => reported += bytes);

        var data = serializer.Serialize(state);
        var back = serializer.Deserialize<SubBlockCheckpoint>(data);

        Assert.Equal(data.ToArray().Length, reported);
        var kv = Assert.Single(back.Sessions);
        Assert.Equal(session, kv.Key);
        Assert.Equal((7L, 5), (kv.Value.PlanVersion, kv.Value.Position));
        Assert.Equal(state.Sessions[session].Kv, kv.Value.Kv);
        using var restored = KvCacheSnapshot.FromBytes(kv.Value.Kv);
        Assert.Equal(5, restored.Length);
    }

    [Fact]
    public void LZ4ShrinksARedundantPayloadAndGarbageIsRefused()
    {
        var state = new SubBlockCheckpoint { Sessions = { [Guid.NewGuid()] = new SessionKv { Position = 1, Kv = new byte[64 * 1024] } } };
        var serializer = new KvCheckpointSerializer();

        Assert.True(serializer.Serialize(state).ToArray().Length < 4 * 1024);
        Assert.ThrowsAny<Exception>(() => serializer.Deserialize<SubBlockCheckpoint>(new BinaryData(new byte[] { 0xc1, 0x00, 0x13 })));
    }
}
