using Splitwise.Testbed.Budgets;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;

namespace Splitwise.Testbed.Tests.Learning;

public class LyapunovRewardTests
{
    // Edge power at 2x its budget, cloud spend at half, codec loss at 30x (int4 against an int8 budget).
    private static readonly EpochOutcome Outcome = new(0, 0, [], 10, 0, 0, 0, 0, 0, 0, new BudgetUsage(2, 0.5, 30), false, 3);

    [Fact]
    public void The_reward_is_minus_the_drift_plus_penalty_scaled_and_the_queues_take_the_usage()
    {
        var reward = Reward(new PpoOptions(V: 2, RewardScale: 1000, NormaliseReward: false), queueTerm: true, 4, 0, 10);
        Assert.Equal(-(2 * 3 + 4 * 2 + 0 * 0.5 + 10 * 30) / 1000.0, reward.Step(Outcome, 3), 12);
        Assert.Equal([5, 0, 39], reward.Queues);
    }

    [Fact]
    public void Normalised_it_is_divided_by_its_weights_so_a_large_backlog_does_not_saturate_the_clip()
    {
        var o = new PpoOptions(V: 2, RewardScale: 1000, NormaliseReward: true);
        Assert.Equal(-(2 * 3 + 4 * 2 + 10 * 30) / (2.0 + 4 + 10) / 1000, Reward(o, true, 4, 0, 10).Step(Outcome, 3), 12);

        // With a backlog of 100 on the loss budget the raw value (3,000 / 1000) hits the clip at 1 whatever the latency;
        // normalised, a request more in the system still shows.
        var raw = o with { NormaliseReward = false };
        Assert.Equal(Reward(raw, true, 0, 0, 100).Step(Outcome, 3), Reward(raw, true, 0, 0, 100).Step(Outcome, 30));
        Assert.True(Reward(o, true, 0, 0, 100).Step(Outcome, 3) > Reward(o, true, 0, 0, 100).Step(Outcome, 30));
    }

    [Fact]
    public void Without_the_queue_term_only_the_penalty_counts()
    {
        var o = new PpoOptions(V: 2, RewardScale: 1000, NormaliseReward: true);
        Assert.Equal(-(2 * 3) / 2.0 / 1000, Reward(o, false, 4, 0, 10).Step(Outcome, 3), 12);
    }

    private static LyapunovReward Reward(PpoOptions o, bool queueTerm, params double[] queues)
    {
        var reward = new LyapunovReward(o, queueTerm);
        queues.CopyTo(reward.Queues, 0);
        return reward;
    }
}
