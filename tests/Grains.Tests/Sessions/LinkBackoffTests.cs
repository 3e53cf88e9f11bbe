using Splitwise.Grains.Sessions;
using Splitwise.Planning.Recovery;

namespace Splitwise.Grains.Tests.Sessions;

public class LinkBackoffTests
{
    [Fact]
    public void WaitsGrowExponentiallyWithinEqualJitterAndStopAfterTheRetries()
    {
        var backoff = new LinkBackoff(new RecoveryOptions { MaxRetries = 5, InitialDelayMs = 100, Factor = 2, MaxDelayMs = 500 }, seed: 3);
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
    public void NoRetriesMeansNoWait() => Assert.Null(new LinkBackoff(RecoveryOptions.None, 1).Delay(0));
}
