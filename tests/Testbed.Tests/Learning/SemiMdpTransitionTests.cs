using Splitwise.Testbed.Learning;

namespace Splitwise.Testbed.Tests.Learning;

public class SemiMdpTransitionTests
{
    [Fact]
    public void Per_decision_the_epochs_rewards_add_up_plainly_and_the_successor_is_discounted_once()
    {
        var o = new PpoOptions(Gamma: 0.9, GammaPerDecision: true);
        var (reward, discount) = Accrue(o, -1, -2, -3);
        Assert.Equal(-6f, reward);
        Assert.Equal(0.9, discount);
    }

    [Fact]
    public void Per_epoch_each_reward_and_the_successor_are_discounted_by_the_epochs_before_them()
    {
        var o = new PpoOptions(Gamma: 0.9, GammaPerDecision: false);
        var (reward, discount) = Accrue(o, -1, -2, -3);
        Assert.Equal((float)(-1 - 0.9 * 2 - 0.81 * 3), reward, 5);
        Assert.Equal(0.729, discount, 12);
    }

    private static (float Reward, double Discount) Accrue(PpoOptions o, params double[] epochRewards)
    {
        (float reward, double discount) = (0, 1);
        foreach (var r in epochRewards)
            (reward, discount) = SemiMdpTransition.Accrue(reward, discount, r, o);
        return (reward, discount);
    }
}
