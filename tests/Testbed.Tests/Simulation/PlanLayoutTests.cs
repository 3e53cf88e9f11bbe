using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class PlanLayoutTests
{
    private static readonly ModelDimensions Dims = new(TinySetup.Shape.NLayer, TinySetup.Shape.NKvHead, TinySetup.Shape.DFf);

    [Fact]
    public void A_plan_becomes_counts_per_stage_and_back_into_an_equivalent_plan()
    {
        var spec = TinySetup.Spec with { SplitFfn = true };
        var plan = PartitionPlans.Build(Dims, spec, id => id switch
        {
            { Layer: 0, Kind: SubBlockKind.AttentionHeads, Index: 1 } => Tier.Cloud,
            { Layer: 1, Kind: SubBlockKind.FfnDown } => Tier.Cloud,
            _ => Tier.Edge,
        });

        var layout = PlanLayout.From(plan, 2);

        Assert.Equal(StageLayout.Whole(StageKind.Attention, 1, 1), layout.Stages[0]);
        Assert.Equal(new StageLayout(StageKind.Ffn, true, 2, 0, 0, 0), layout.Stages[1]);
        Assert.Equal(new StageLayout(StageKind.Ffn, true, 0, 2, 0, 0), layout.Stages[3]);
        var again = PlanLayout.From(layout.ToPlan(Dims, spec, "int8"), 2);
        Assert.Equal(layout, again);
        Assert.Equal(layout.GetHashCode(), again.GetHashCode());
        Assert.False(layout.AllEdge || layout.AllCloud);
    }

    [Fact]
    public void The_edge_sub_blocks_of_a_layout_are_those_the_plan_puts_on_the_edge()
    {
        var plan = PartitionPlans.FirstLayersOnEdge(1, Dims, TinySetup.Spec);
        var layout = PlanLayout.From(plan, 2);
        var expected = plan.Tiers.Where(kv => kv.Value == Tier.Edge).Select(kv => kv.Key).OrderBy(id => id.ToString());
        Assert.Equal(expected, layout.EdgeSubBlocks(TinySetup.Spec, TinySetup.Shape.NKvHead).OrderBy(id => id.ToString()));
    }

    [Fact]
    public void A_plan_cut_differently_from_the_model_is_refused()
    {
        var plan = PartitionPlans.AllOn(Tier.Edge, Dims, TinySetup.Spec);
        Assert.Throws<ArgumentException>(() => PlanLayout.From(plan, 1));
    }
}
