using Splitwise.Contracts.Grains;
using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Tests.Controller;

public class LinkEstimatorTests
{
    private static readonly LinkState Unknown = new(50, 50, 20);

    /// <summary>The sums a meter records for crossings of these sizes each way on <paramref name="link"/> (the emulation filter's delays).</summary>
    internal static LinkSums Crossings(ILinkModel link, TimeSpan at, params long[] sizes)
    {
        LinkDirectionSums up = default, down = default;
        foreach (var bytes in sizes)
        {
            up = up.Add(bytes, link.OneWay(at, bytes, LinkDirection.Uplink).TotalMilliseconds);
            down = down.Add(bytes, link.OneWay(at, bytes, LinkDirection.Downlink).TotalMilliseconds);
        }

        return new LinkSums(up, down, 0, Emulated: true);
    }

    [Fact]
    public void TwoSizesEachWayGiveBandwidthAndRttExactly()
    {
        var link = new ConstantLink(12, 30, 45);
        var estimate = new LinkEstimator(Unknown).Next(Crossings(link, TimeSpan.Zero, 2048, 3, 1024), probeFailed: false);
        Assert.True(estimate.Up);
        Assert.Equal(12, estimate.UplinkMbps, 0.01); // delays are whole 100 ns ticks
        Assert.Equal(30, estimate.DownlinkMbps, 0.01);
        Assert.Equal(45, estimate.RttMs, 0.001);
    }

    [Fact]
    public void OneSizeOnlyTakesTheKnownRtt()
    {
        var estimator = new LinkEstimator(Unknown);
        estimator.Next(Crossings(new ConstantLink(10, 10, 40), TimeSpan.Zero, 4096, 0), false);
        var link = new ConstantLink(2, 2, 40);
        var estimate = estimator.Next(Crossings(link, TimeSpan.Zero, 1000, 1000, 1000), false);
        Assert.Equal(2, estimate.UplinkMbps, 0.001);
        Assert.Equal(40, estimate.RttMs, 0.001);
    }

    [Fact]
    public void NoCrossingKeepsTheEstimateAndAFailedProbeIsAnOutage()
    {
        var estimator = new LinkEstimator(Unknown);
        var first = estimator.Next(Crossings(new ConstantLink(8, 8, 10), TimeSpan.Zero, 100, 5000), false);
        Assert.Equal(first, estimator.Next(default, false));
        var down = estimator.Next(default, probeFailed: true);
        Assert.False(down.Up);
        Assert.Equal(0, down.UplinkMbps);
        Assert.False(estimator.Next(new LinkSums(default, default, 3, true), false).Up);
    }

    [Fact]
    public void DelaysThatWereNotEmulatedSayTheLinkIsUnmeasured()
    {
        var sums = new LinkSums(new LinkDirectionSums(2, 100, 0, 5000, 0), new LinkDirectionSums(2, 100, 0, 5000, 0), 0, Emulated: false);
        Assert.Equal(LinkEstimator.Unmeasured, new LinkEstimator(Unknown).Next(sums, false));
    }
}
