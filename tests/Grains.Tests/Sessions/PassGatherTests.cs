using System.Diagnostics;
using Splitwise.Grains.Sessions;

namespace Splitwise.Grains.Tests.Sessions;

public sealed class PassGatherTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    [Fact]
    public async Task TheWaitEndsWhenEveryExpectedSessionArrived()
    {
        var gather = new PassGather();
        gather.Expect([A, B], TimeSpan.FromMinutes(5));
        var wait = gather.Wait();
        gather.Arrived(A);
        gather.Arrived(C);
        Assert.False(wait.IsCompleted, "B has not come back");
        gather.Arrived(B);
        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ASessionThatArrivedBeforeTheWaitIsNotWaitedFor()
    {
        var gather = new PassGather();
        gather.Expect([A], TimeSpan.FromMinutes(5));
        gather.Arrived(A);
        await gather.Wait().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task TheWaitIsBoundedWhenASessionDoesNotComeBack()
    {
        var gather = new PassGather();
        gather.Expect([A, B], TimeSpan.FromMilliseconds(50));
        gather.Arrived(A);
        var clock = Stopwatch.StartNew();
        await gather.Wait().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(40), $"ended after {clock.Elapsed.TotalMilliseconds} ms");

        // Nobody is expected after a wait: the next one does not wait for B again.
        await gather.Wait().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task NobodyExpectedOrNoBoundMeansNoWait()
    {
        var gather = new PassGather();
        await gather.Wait().WaitAsync(TimeSpan.FromSeconds(30));
        gather.Expect([], TimeSpan.FromMinutes(5));
        await gather.Wait().WaitAsync(TimeSpan.FromSeconds(30));
        gather.Expect([A], TimeSpan.Zero);
        await gather.Wait().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
