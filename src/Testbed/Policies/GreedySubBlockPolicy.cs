using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// Greedy per sub-block: each head group and each FFN slice, on its own, goes to the tier where it adds less time to
/// the representative request with the residual on the edge: its compute on the edge, or its compute in the cloud plus
/// the round trip it would cost alone (normed input up, partial down) at the estimated link. Blind to the crossings
/// sub-blocks share. Memory: the sub-blocks that gain most per byte take the edge first, layer by layer, until the
/// budget is spent; the rest go to the cloud.
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
        double Gain(StageLayout one)
        {
            double Weighted(Func<UnitTimes, double> f) => f(prefill) + rep.DecodeSteps * f(decode);
            var edge = Weighted(u => u.UpTime(one, Tier.Edge));
            var cloud = Weighted(u => u.UpTime(one, Tier.Cloud) + ExecutionModel.Cross(u.ResidualBytes, Tier.Edge, link).Seconds
                                      + ExecutionModel.Cross(u.ResidualBytes, Tier.Cloud, link).Seconds);
            return cloud - edge;
        }

        var attentionUnit = StageLayout.Whole(StageKind.Attention, 1, 0);
        var ffnUnit = StageLayout.Whole(StageKind.Ffn, 1, 0);
        var kinds = new[] { (Unit: attentionUnit, Count: m.HeadGroups), (Unit: ffnUnit, Count: m.FfnSlices) }
            .Where(k => Gain(k.Unit) > 0)
            .OrderByDescending(k => Gain(k.Unit) / Math.Max(1, context.Memory.Bytes(k.Unit)))
            .ToArray();
        var budget = context.Memory.BudgetBytes;
        var onEdge = new Dictionary<StageKind, int> { [StageKind.Attention] = 0, [StageKind.Ffn] = 0 };
        foreach (var (unit, count) in kinds)
        {
            var bytes = Math.Max(1, context.Memory.Bytes(unit));
            var n = (int)Math.Clamp(budget / bytes, 0, (long)count * m.Shape.NLayer);
            onEdge[unit.Kind] = n;
            budget -= n * bytes;
        }

        StageLayout Stage(StageKind kind, int layer, int units)
        {
            var here = Math.Clamp(onEdge[kind] - layer * units, 0, units);
            return StageLayout.Whole(kind, here, units - here);
        }

        var layout = new PlanLayout(Enumerable.Range(0, m.Shape.NLayer).SelectMany(layer => new[]
        {
            Stage(StageKind.Attention, layer, m.HeadGroups), Stage(StageKind.Ffn, layer, m.FfnSlices),
        }));
        return context.PlanOf(layout);
    }
}
