using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// What the baselines and the oracle share: the model's dimensions and cut, the boundary codec, the plan coster, the
/// edge memory, and a book that turns each layout into one <see cref="PartitionPlan"/> object (reused, so the
/// simulator and the fabric see the same value every time the same plan is chosen; up to <see cref="LayoutMemo.Capacity"/>
/// layouts, past which the book starts over).
/// </summary>
public sealed class PolicyContext(PlanCoster coster, EdgeMemoryModel memory)
{
    private readonly Dictionary<PlanLayout, PartitionPlan> _plans = [];

    public PlanCoster Coster => coster;

    public EdgeMemoryModel Memory => memory;

    public ExecutionModel Model => coster.Model;

    public ModelDimensions Dimensions => new(Model.Shape.NLayer, Model.Shape.NKvHead, Model.Shape.DFf);

    public PartitionPlan PlanOf(PlanLayout layout)
    {
        if (!_plans.TryGetValue(layout, out var plan))
        {
            LayoutMemo.MakeRoom(_plans);
            _plans[layout] = plan = layout.ToPlan(Dimensions, Model.Spec, Model.Codec.Codec);
        }

        return plan;
    }

    private readonly Dictionary<(PlanLayout, string), PartitionPlan> _codecPlans = [];

    /// <summary>The plan with this layout in another boundary codec (one object per (layout, codec)); the scenario's codec gives <see cref="PlanOf(PlanLayout)"/>'s.</summary>
    public PartitionPlan PlanOf(PlanLayout layout, string codec)
    {
        if (string.Equals(codec, Model.Codec.Codec, StringComparison.OrdinalIgnoreCase))
            return PlanOf(layout);
        if (!_codecPlans.TryGetValue((layout, codec), out var plan))
        {
            LayoutMemo.MakeRoom(_codecPlans);
            _codecPlans[(layout, codec)] = plan = layout.ToPlan(Dimensions, Model.Spec, codec);
        }

        return plan;
    }

    private readonly Dictionary<int, PlanLayout> _cuts = [];

    /// <summary>Layers [0, k) wholly on the edge, the rest wholly in the cloud (built once per k).</summary>
    public PlanLayout Cut(int k)
    {
        if (!_cuts.TryGetValue(k, out var cut))
            _cuts[k] = cut = BuildCut(k);
        return cut;
    }

    private PlanLayout BuildCut(int k) => new(Enumerable.Range(0, Model.Shape.NLayer).SelectMany(layer => new[]
    {
        layer < k ? StageLayout.Whole(StageKind.Attention, Model.HeadGroups, 0) : StageLayout.Whole(StageKind.Attention, 0, Model.HeadGroups),
        layer < k ? StageLayout.Whole(StageKind.Ffn, Model.FfnSlices, 0) : StageLayout.Whole(StageKind.Ffn, 0, Model.FfnSlices),
    }));

    /// <summary>What a policy without foresight believes the link is: the last epoch it saw.</summary>
    public static LinkState Estimated(Splitwise.Planning.Policies.Observation o) =>
        o.Bandwidth.LastMbps > 0
            ? new LinkState(o.Bandwidth.LastMbps, o.Bandwidth.DownlinkLastMbps, o.RttMsEstimate)
            : new LinkState(0, 0, o.RttMsEstimate, Up: false);
}
