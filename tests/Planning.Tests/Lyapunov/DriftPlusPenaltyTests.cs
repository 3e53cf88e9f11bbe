using Splitwise.Planning.Lyapunov;

namespace Splitwise.Planning.Tests.Lyapunov;

public class DriftPlusPenaltyTests
{
    [Fact]
    public void The_value_is_v_times_the_penalty_plus_each_backlog_times_its_usage()
    {
        Assert.Equal(2 * 3 + 4 * 0.5 + 1 * 2, DriftPlusPenalty.Value(2, 3, [4, 1], [0.5, 2]), 12);
        Assert.Equal(6, DriftPlusPenalty.Value(2, 3, [4, 1], [0.5, 2], queueTerm: false), 12);
        Assert.Equal(-10, DriftPlusPenalty.Reward(2, 3, [4], [1]), 12);
        Assert.Throws<ArgumentException>(() => DriftPlusPenalty.Value(1, 1, [1, 2], [1]));
    }

    [Fact]
    public void Empty_queues_choose_the_least_penalty_and_full_ones_the_least_usage()
    {
        Candidate[] candidates = [new(1, [2.0]), new(3, [0.0])];
        Assert.Equal(0, DriftPlusPenalty.Choose(1, [0.0], candidates));
        Assert.Equal(1, DriftPlusPenalty.Choose(1, [5.0], candidates));
        // Without the queue term the backlog is ignored.
        Assert.Equal(0, DriftPlusPenalty.Choose(1, [5.0], candidates, queueTerm: false));
        // Ties go to the first.
        Assert.Equal(0, DriftPlusPenalty.Choose(1, [1.0], candidates));
    }

    /// <summary>
    /// Two actions, budget 1: a cheap one over budget (penalty 1, usage 2) and a dear one under (penalty 3, usage 0).
    /// The best mix holds the budget at penalty 2. Drift-plus-penalty keeps Z near V, so over a fixed horizon the
    /// time-average penalty falls and the time-average backlog rises with V (the [O(1/V), O(V)] trade-off).
    /// </summary>
    private static (double Penalty, double Backlog, double Usage) Run(double v, int epochs, bool queueTerm = true)
    {
        Candidate[] candidates = [new(1, [2.0]), new(3, [0.0])];
        var q = new VirtualQueue("budget", 1);
        double penalty = 0;
        for (var t = 0; t < epochs; t++)
        {
            var c = candidates[DriftPlusPenalty.Choose(v, [q.Backlog], candidates, queueTerm)];
            penalty += c.Penalty;
            q.Update(c.Usages[0]);
        }

        return (penalty / epochs, q.TimeAverageBacklog, q.TimeAverageUsage);
    }

    [Fact]
    public void Over_a_sweep_of_v_the_penalty_falls_and_the_backlog_rises()
    {
        var runs = new[] { 0.5, 2, 8, 32, 128 }.Select(v => Run(v, 2000)).ToArray();
        for (var i = 1; i < runs.Length; i++)
        {
            Assert.True(runs[i].Penalty <= runs[i - 1].Penalty, $"penalty {runs[i].Penalty} after {runs[i - 1].Penalty}");
            Assert.True(runs[i].Backlog > runs[i - 1].Backlog, $"backlog {runs[i].Backlog} after {runs[i - 1].Backlog}");
        }

        // Every V holds the budget up to Z(T)/T, and no V beats the best mix's penalty by more than that slack allows.
        Assert.All(runs, r => Assert.True(r.Usage <= 1 + 200.0 / 2000, $"usage {r.Usage}"));
        Assert.All(runs, r => Assert.True(r.Penalty >= 2 - 200.0 / 2000, $"penalty {r.Penalty}"));
    }

    [Fact]
    public void Without_the_queue_term_the_budget_is_not_held_and_the_queue_grows_without_bound()
    {
        var ablation = Run(1, 2000, queueTerm: false);
        Assert.Equal(2, ablation.Usage, 12);
        Assert.Equal(1, ablation.Penalty, 12);
        Assert.True(ablation.Backlog > 900);
        Assert.True(Run(1, 2000).Backlog < 2);
    }
}
