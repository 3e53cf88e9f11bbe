using Splitwise.Grains.Sessions;

namespace Splitwise.Grains.Tests.Sessions;

public class LinkBackoffTests
{
    [Fact]
    public void WaitsGrowExponentiallyWithinEqualJitterAndStopAfterTheRetries()
    {
        var backoff = new LinkBackoff(5, TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromMilliseconds(500), seed: 3);
        double[] caps = [100, 200, 400, 500, 500];
        for (var attempt = 0; attempt < caps.Length; attempt++)
            Assert.InRange(backoff.Delay(attempt)!.Value.TotalMilliseconds, caps[attempt] / 2, caps[attempt]);
        Assert.Null(backoff.Delay(5));
    }

    [Fact]
    public void TheSameSeedWaitsTheSameAndAnotherSeedDoesNot()
    {
        double[] Waits(int seed)
        {
            var backoff = LinkBackoff.Default(seed);
            return Enumerable.Range(0, backoff.MaxRetries).Select(a => backoff.Delay(a)!.Value.TotalMilliseconds).ToArray();
        }

        Assert.Equal(Waits(7), Waits(7));
        Assert.NotEqual(Waits(7), Waits(8));
    }

    [Fact]
    public void NoRetriesMeansNoWait() => Assert.Null(new LinkBackoff(0, TimeSpan.FromMilliseconds(10), 2, TimeSpan.FromSeconds(1), 1).Delay(0));
}
