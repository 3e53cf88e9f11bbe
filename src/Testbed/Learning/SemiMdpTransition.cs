namespace Splitwise.Testbed.Learning;

/// <summary>
/// How one transition of the semi-MDP (a decision that counted, until the next) takes its epochs' rewards. It starts at
/// reward 0, discount 1. Per epoch (<see cref="PpoOptions.GammaPerDecision"/> false) each epoch's reward is discounted
/// by gamma^k and the successor's value by gamma^(epochs); per decision the rewards add up plainly and the successor is
/// discounted by gamma once.
/// </summary>
public static class SemiMdpTransition
{
    /// <param name="discount">the discount the successor's value takes so far (1 at the transition's start).</param>
    /// <returns>the transition's reward and its successor's discount after one more epoch of reward <paramref name="r"/>.</returns>
    public static (float Reward, double Discount) Accrue(float reward, double discount, double r, PpoOptions o) =>
        o.GammaPerDecision
            ? (reward + (float)r, o.Gamma)
            : (reward + (float)(discount * r), discount * o.Gamma);
}
