using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Models;

namespace Splitwise.Grains.Tests;

[Collection(FabricCollection.Name)]
public class PlacementTests(FabricCluster fabric)
{
    private const string Model = "placement";

    [Fact]
    public async Task EachSubBlockActivatesOnItsPlansTier()
    {
        var dims = TinyModel.Dims;
        var spec = TinyModel.Spec;

        // A checkerboard: neighbouring sub-blocks on different tiers, so no rule of thumb passes by luck.
        var plan = PartitionPlans.Build(dims, spec, id => (id.Layer + id.Index) % 2 == 0 ? Tier.Edge : Tier.Cloud);
        var change = await fabric.Plan(Model).SetPlan(plan);
        Assert.Empty(change.Moved); // nothing was active yet: placement, not migration, puts them there

        var session = fabric.NewSession(Model);
        var step = await session.Start(new GenerationRequest("In the", 3));
        while (step is { Last: false })
            step = await session.Next();

        await Placements.AssertFollow(fabric, Model, await fabric.Plan(Model).GetPlan());
        var edge = await fabric.SubBlock(Model, new SubBlockId(0, SubBlockKind.AttentionHeads, 0)).Locate();
        var cloud = await fabric.SubBlock(Model, new SubBlockId(0, SubBlockKind.AttentionHeads, 1)).Locate();
        Assert.NotEqual(edge.Silo, cloud.Silo);
        Assert.Equal(1, edge.Sessions);
    }

    [Fact]
    public async Task OnlyTheFarTiersStagesAreGrains()
    {
        const string model = "stages";
        var dims = TinyModel.Dims;
        var plan = PartitionPlans.Build(dims, TinyModel.Spec, id => id.Index % 2 == 0 ? Tier.Edge : Tier.Cloud);
        await fabric.Plan(model).SetPlan(plan);

        var session = fabric.NewSession(model);
        var step = await session.Start(new GenerationRequest("In the", 2));
        while (step is { Last: false })
            step = await session.Next();

        // The session runs its own (edge) tier's stage in place; only the far (cloud) stage is a grain call.
        var stages = (await fabric.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Where(s => s.GrainType.StartsWith(typeof(Stages.LayerStageGrain).FullName + ",", StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString()!).Where(k => k.StartsWith(model + "/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(stages);
        Assert.All(stages, key => Assert.EndsWith(FabricKeys.Suffix(Tier.Cloud), key));
    }

    [Fact]
    public void FabricSpecDefaultsToFourGroupsAndFourSlices()
    {
        using var model = new FabricModel("t", Inference.Models.ModelLoader.Open(fabric.Model.Path), null, 4);
        Assert.Equal(4, model.Spec.HeadGroups(model.Shape.NKvHead));
        Assert.Equal(4, model.Spec.FfnSlices);
    }
}
