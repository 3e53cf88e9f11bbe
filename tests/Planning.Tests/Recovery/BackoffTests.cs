using Splitwise.Planning.Recovery;

namespace Splitwise.Planning.Tests.Recovery;

public class BackoffTests
{
    private static readonly RecoveryOptions Options = new() { MaxRetries = 5, InitialDelayMs = 100, Factor = 2, MaxDelayMs = 500 };

    [Theory]
    [InlineData(0, 0.0, 50)]
    [InlineData(0, 0.5, 75)]
    [InlineData(1, 0.0, 100)]
    [InlineData(2, 0.999999, 400)]
    [InlineData(3, 0.0, 250)]
    [InlineData(4, 0.5, 375)]
    public void AWaitIsHalfItsCapPlusTheJitterShareOfTheOtherHalf(int attempt, double unit, double expectedMs) =>
        Assert.Equal(expectedMs, Backoff.Delay(Options, attempt, unit)!.Value.TotalMilliseconds, 2);

    [Fact]
    public void CapsGrowByTheFactorUpToTheMaximum() =>
        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(0, 5).Select(a => Backoff.Cap(Options, a)));

    [Fact]
    public void TheRetriesEndAfterMaxRetries()
    {
        Assert.Null(Backoff.Delay(Options, 5, 0.5));
        Assert.Null(Backoff.Delay(Options, -1, 0.5));
        Assert.Null(Backoff.Delay(Options with { MaxRetries = 0 }, 0, 0.5));
        Assert.Equal(5, Backoff.Schedule(Options, new Random(1)).Count);
    }

    [Fact]
    public void TheSameSeedGivesTheSameScheduleAndEveryWaitIsWithinItsBand()
    {
        var a = Backoff.Schedule(Options, new Random(7));
        Assert.Equal(a, Backoff.Schedule(Options, new Random(7)));
        Assert.NotEqual(a, Backoff.Schedule(Options, new Random(8)));
        for (var i = 0; i < a.Count; i++)
            Assert.InRange(a[i].TotalMilliseconds, Backoff.Cap(Options, i) / 2, Backoff.Cap(Options, i));
        Assert.Equal(TimeSpan.FromMilliseconds(1700), Backoff.Worst(Options));
    }

    [Fact]
    public void AJitterDrawOutsideTheUnitIntervalAndBadOptionsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(Options, 0, 1.0));
        Assert.Throws<ArgumentException>(() => (Options with { Factor = 0.5 }).Validate());
        Assert.Throws<ArgumentException>(() => (Options with { FallbackAfterFailures = 0 }).Validate());
        new RecoveryOptions().Validate();
    }
}
