using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Tests.Plans;

[Collection(FabricCollection.Name)]
public class PlanTurnaroundTests(FabricCluster fabric)
{
    private const string Model = "turnaround";

    [Fact]
    public async Task Plans_turned_around_at_once_move_every_sub_block_each_way_and_leave_each_on_the_last_plans_tier()
    {
        // A controller may turn a plan around within a second: each change moves every sub-block, the generation goes on
        // between them, and every sub-block ends on the last plan's tier. (The Orleans migration timeout seen under a live
        // controller, two opposite migration batches in flight at once, has not been reproduced here; README, Live controller.)
        var (dims, spec) = (TinyModel.Dims, TinyModel.Spec);
        var session = fabric.NewSession(Model);
        var step = await session.Start(new GenerationRequest("In the", 10));
        for (var round = 0; round < 3; round++)
        {
            var toCloud = await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Cloud, dims, spec));
            var toEdge = await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Edge, dims, spec));
            Assert.NotEmpty(toCloud.Moved);
            Assert.Equal(toCloud.Moved.Select(id => id.ToString()).Order(), toEdge.Moved.Select(id => id.ToString()).Order());
            step = await session.Next();
        }

        while (step is { Last: false })
            step = await session.Next();
        await Placements.AssertFollow(fabric, Model, await fabric.Plan(Model).GetPlan());
    }
}
