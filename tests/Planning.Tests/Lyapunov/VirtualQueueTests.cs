using Splitwise.Planning.Lyapunov;

namespace Splitwise.Planning.Tests.Lyapunov;

public class VirtualQueueTests
{
    [Fact]
    public void The_queue_grows_by_the_overshoot_and_never_goes_below_zero()
    {
        var q = new VirtualQueue("energy", 1);
        q.Update(3);
        Assert.Equal(2, q.Backlog, 12);
        q.Update(0.5);
        Assert.Equal(1.5, q.Backlog, 12);
        q.Update(0);
        Assert.Equal(0.5, q.Backlog, 12);
        q.Update(0);
        Assert.Equal(0, q.Backlog);
        Assert.Equal(4, q.Epochs);
        // Z before each update: 0, 2, 1.5, 0.5.
        Assert.Equal(4.0 / 4, q.TimeAverageBacklog, 12);
        Assert.Equal(3.5 / 4, q.TimeAverageUsage, 12);
    }

    [Fact]
    public void An_infinite_budget_never_queues_and_a_bad_usage_is_refused()
    {
        Assert.Equal(0, VirtualQueue.Next(5, 100, double.PositiveInfinity));
        Assert.Equal(7, VirtualQueue.Next(5, 3, 1), 12);
        var q = new VirtualQueue("spend", 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => q.Update(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => q.Update(double.NaN));
    }

    [Fact]
    public void The_time_average_usage_exceeds_the_budget_by_at_most_the_final_backlog_over_the_epochs()
    {
        // Z(T) >= sum(usage) - T x budget: a bounded queue means the budget holds on average.
        var random = new Random(3);
        var q = new VirtualQueue("loss", 0.8);
        for (var t = 0; t < 1000; t++)
            q.Update(random.NextDouble() * 2);
        Assert.True(q.TimeAverageUsage - 0.8 <= q.Backlog / q.Epochs + 1e-12);
    }

    [Fact]
    public void The_budget_queues_update_each_budget_from_its_share()
    {
        var queues = new BudgetQueues();
        queues.Update(new BudgetSample(1.5, 0.25, 2));
        Assert.Equal([0.5, 0, 1], queues.Backlogs());
    }
}
