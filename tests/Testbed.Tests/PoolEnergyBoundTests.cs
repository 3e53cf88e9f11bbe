using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed.Tests;

/// <summary>The least energy for a met share, on a pool whose answers are worked out by hand.</summary>
public class PoolEnergyBoundTests
{
    private static readonly Configuration Edge = new(2, 600, "max", false);
    private static readonly Configuration Cloud = new(0, 1800, "off", true);

    // Edge: 2 J, half its runs under 450 ms. Cloud: 60 J, always 100 ms.
    private static readonly MeasurementPool Pool = new([
        new PoolRun(Edge, 400, 2, 0.6, 2), new PoolRun(Edge, 500, 2, 0.6, 3), new PoolRun(Cloud, 100, 60, 0.6, 4)]);

    // The edge everywhere meets 0 + 0.5 + 1 of the three. One more met costs 58 J at 150 ms (the cloud for a sure
    // miss) and 116 J at 450 ms (the cloud for a half-chance).
    private static readonly double[] Thresholds = [150, 450, 600];

    [Theory]
    [InlineData(50, 2)]                        // the edge everywhere
    [InlineData(200 / 3.0, (6 + 29) / 3.0)]    // half of the cloud at 150 ms
    [InlineData(100, (60 + 60 + 2) / 3.0)]     // the cloud at 150 and 450 ms
    public void SpendsTheCheapestMetRequestsFirst(double targetPercent, double expectedJ)
    {
        var bound = PoolEnergyBound.AtLeast(Pool, Thresholds, targetPercent);
        Assert.Equal(expectedJ, bound.MeanEnergyJ, 6);
        Assert.Equal(100, bound.MaxMetPercent, 9);
    }

    [Fact]
    public void AnUnreachableShareHasNoBound()
    {
        var bound = PoolEnergyBound.AtLeast(Pool, [50, 600], 60);
        Assert.Equal(50, bound.MaxMetPercent, 9);
        Assert.True(double.IsNaN(bound.MeanEnergyJ));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolEnergyBound.AtLeast(Pool, Thresholds, 101));
        Assert.Throws<ArgumentException>(() => PoolEnergyBound.AtLeast(Pool, [], 50));
    }
}
