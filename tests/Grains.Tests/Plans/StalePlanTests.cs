using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Placement;

namespace Splitwise.Grains.Tests.Plans;

[Collection(FabricCollection.Name)]
public class StalePlanTests(FabricCluster fabric)
{
    private const string Model = "stale-plan";

    [Fact]
    public async Task A_step_under_an_older_plan_does_not_send_a_moved_sub_block_back()
    {
        var (dims, spec) = (TinyModel.Dims, TinyModel.Spec);
        var ffn = new SubBlockId(0, SubBlockKind.Ffn, 0);

        // v1: the FFN slice on the edge, its neighbours in the cloud; a generation teaches the cloud silo v1.
        var v1 = await fabric.Plan(Model).SetPlan(PartitionPlans.Build(dims, spec, id => id == ffn || id.Layer > 0 ? Tier.Edge : Tier.Cloud));
        var session = fabric.NewSession(Model);
        var step = await session.Start(new GenerationRequest("In the", 3));
        while (step is { Last: false })
            step = await session.Next();
        Assert.Equal(Tier.Edge, (await fabric.SubBlock(Model, ffn).Locate()).Tier);

        // v2 sends everything to the cloud; the cloud silo has not seen v2 yet.
        await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Cloud, dims, spec));
        await Until(async () => (await fabric.SubBlock(Model, ffn).Locate()).Tier == Tier.Cloud);

        // A step still under v1 (a session's token in flight across the change) reaches it there.
        RequestContext.Set(PlanDirectory.VersionKey, v1.Version);
        try
        {
            await fabric.SubBlock(Model, ffn).Steps(SubBlockKind.Ffn, [new SubBlockStepCall(Guid.Empty, 0, TinyModel.EncodedRows(1, 7), v1.Version)]);
        }
        finally
        {
            RequestContext.Clear();
        }

        // Had it gone by the cloud silo's v1 it would be on its way back to the edge, against v2.
        await Task.Delay(300);
        Assert.Equal(Tier.Cloud, (await fabric.SubBlock(Model, ffn).Locate()).Tier);
        await Placements.AssertFollow(fabric, Model, await fabric.Plan(Model).GetPlan());
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
            await Task.Delay(25);
        Assert.True(await condition());
    }
}
