using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class PlanCosterTests
{
    private static readonly LinkState Link = new(20, 50, 30);

    [Fact]
    public void The_fabric_route_has_the_residual_in_the_cloud_for_stages_wholly_there()
    {
        var fabric = TinySetup.Coster(RouteMode.Fabric);
        var context = TinySetup.Context(fabric);
        for (var k = 0; k <= TinySetup.Shape.NLayer; k++)
        {
            var layout = context.Cut(k);
            var (route, seconds) = fabric.Choose(layout, Link);
            // Cut k: the first k layers on the edge, the rest wholly in the cloud, where the residual goes with them.
            Assert.Equal(Enumerable.Range(0, layout.Stages.Count).Select(s => s < 2 * k ? Tier.Edge : Tier.Cloud), route.Residual);
            Assert.Equal(fabric.Objective(layout, route, Link), seconds);
        }
    }

    [Fact]
    public void In_the_fabric_route_a_stage_split_between_the_tiers_keeps_the_residual_on_the_edge()
    {
        var fabric = TinySetup.Coster(RouteMode.Fabric);
        var dims = new ModelDimensions(TinySetup.Shape.NLayer, TinySetup.Shape.NKvHead, TinySetup.Shape.DFf);
        var layout = PlanLayout.From(PartitionPlans.Build(dims, TinySetup.Spec, id => id.Index == 0 ? Tier.Edge : Tier.Cloud), 2);

        var (route, _) = fabric.Choose(layout, Link);

        Assert.All(route.Residual, t => Assert.Equal(Tier.Edge, t));
    }

    [Fact]
    public void An_all_cloud_plan_sends_the_embedded_prompt_up_and_the_last_residual_down_as_the_fabric_does()
    {
        var coster = TinySetup.Coster();
        var allCloud = OracleSolver.AllCloud(coster.Model);
        var (route, _) = coster.Choose(allCloud, new LinkState(1, 1, 50));
        Assert.All(route.Residual, t => Assert.Equal(Tier.Cloud, t));

        var prefill = coster.Prefill(allCloud, route, 16, Link);
        var residual = new CodecSizes("fp16").Bytes(16, TinySetup.Shape.DModel);
        Assert.Equal(residual, prefill.BytesUp);
        Assert.Equal(residual, prefill.BytesDown);
        Assert.True(prefill.EdgeComputeSeconds > 0); // the embedding and the LM head stay with the session
    }

    [Fact]
    public void The_objective_is_the_prefill_plus_every_decode_step_at_the_mean_context()
    {
        var coster = TinySetup.Coster();
        var layout = PlanLayout.From(PartitionPlans.FirstLayersOnEdge(1, new ModelDimensions(2, 2, 128), TinySetup.Spec), 2);
        var (route, seconds) = coster.Choose(layout, Link);
        var expected = coster.Prefill(layout, route, 16, Link).Seconds + 7 * coster.Decode(layout, route, 16 + 3, Link).Seconds;
        Assert.Equal(expected, seconds, 1e-12);
    }
}
