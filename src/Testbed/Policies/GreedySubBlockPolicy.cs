using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// Greedy per sub-block: each head group and each FFN slice, on its own, goes to the tier where it adds less time to
/// the representative request with the residual on the edge: its compute on the edge, or its compute in the cloud plus
/// the round trip it would cost alone (normed input up, partial down) at the estimated link. Blind to the shared
/// crossings and to memory (a plan that does not fit is refused by the simulator).
/// </summary>
public sealed class GreedySubBlockPolicy(PolicyContext context) : IPolicy
{
    public string Name => "greedy";

    public PartitionPlan Decide(Observation observation)
    {
        var link = PolicyContext.Estimated(observation);
        var m = context.Model;
        var rep = context.Coster.Representative;
        var prefill = m.Times(rep.PromptTokens, 0);
        var decode = m.Times(1, rep.MeanDecodeContext);
        Tier Pick(StageLayout one)
        {
            double Weighted(Func<UnitTimes, double> f) => f(prefill) + rep.DecodeSteps * f(decode);
            var edge = Weighted(u => u.UpTime(one, Tier.Edge));
            var cloud = Weighted(u => u.UpTime(one, Tier.Cloud) + ExecutionModel.Cross(u.ResidualBytes, Tier.Edge, link).Seconds
                                      + ExecutionModel.Cross(u.ResidualBytes, Tier.Cloud, link).Seconds);
            return edge <= cloud ? Tier.Edge : Tier.Cloud;
        }

        var attention = Pick(StageLayout.Whole(StageKind.Attention, 1, 0));
        var ffn = Pick(StageLayout.Whole(StageKind.Ffn, 1, 0));
        StageLayout Stage(StageKind kind, Tier tier, int units) =>
            tier == Tier.Edge ? StageLayout.Whole(kind, units, 0) : StageLayout.Whole(kind, 0, units);
        var layout = new PlanLayout(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
        {
            Stage(StageKind.Attention, attention, m.HeadGroups), Stage(StageKind.Ffn, ffn, m.FfnSlices),
        }));
        return context.PlanOf(layout);
    }
}
