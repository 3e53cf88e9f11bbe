using Splitwise.Grains.Hosting;

namespace Splitwise.Grains.Tests.Hosting;

public sealed class BatchingOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid() => new BatchingOptions().Validate();

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void AGatherWaitThatIsNegativeOrNotANumberIsRefusedByName(double gatherMs)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchingOptions { GatherMs = gatherMs }.Validate());
        Assert.Contains("Fabric:Batching:GatherMs", e.Message);
    }

    [Fact]
    public void NoGatherWaitIsAllowed() => new BatchingOptions { GatherMs = 0 }.Validate();

    [Fact]
    public void OtherCapsAreRefusedByName()
    {
        Assert.Contains("MaxBatch", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchingOptions { MaxBatch = 0 }.Validate()).Message);
        Assert.Contains("MaxWaiting", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchingOptions { MaxWaiting = -1 }.Validate()).Message);
        Assert.Contains("SlabSlots", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchingOptions { SlabSlots = -1 }.Validate()).Message);
    }
}
