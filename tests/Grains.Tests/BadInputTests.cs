using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Tests;

/// <summary>Each bad input reaches the caller as a typed error, and the silos go on serving a good request.</summary>
[Collection(FabricCollection.Name)]
public class BadInputTests(FabricCluster fabric)
{
    private const string Model = "errors";
    private static readonly ModelDimensions Dims = TinyModel.Dims;
    private static readonly DecompositionSpec Spec = TinyModel.Spec;

    [Fact]
    public async Task UnknownModel()
    {
        var e = await Assert.ThrowsAsync<UnknownModelException>(() => fabric.NewSession("no-such-model").Start(new GenerationRequest("hi", 2)));
        Assert.Contains("no-such-model", e.Message);
        Assert.Equal("no-such-model", e.Model);
        await Assert.ThrowsAsync<UnknownModelException>(() => fabric.Plan("no-such-model").SetPlan(PartitionPlans.AllOn(Tier.Cloud, Dims, Spec)));
        await StillServes();
    }

    [Fact]
    public async Task PromptLongerThanTheContext()
    {
        var e = await Assert.ThrowsAsync<InvalidRequestException>(() => fabric.NewSession(Model).Start(new GenerationRequest(new string('a', TinyModel.Config.NCtx), 2)));
        Assert.Contains("context", e.Message);
        await StillServes();
    }

    [Fact]
    public async Task EmptyPrompt()
    {
        var e = await Assert.ThrowsAsync<InvalidRequestException>(() => fabric.NewSession(Model).Start(new GenerationRequest("", 2)));
        Assert.Contains("empty", e.Message);
        await StillServes();
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(3, 2)]
    [InlineData(0, 8)] // the tiny model has 4 layers: stages 0..7
    public async Task AStageRunOutsideTheModel(int first, int last)
    {
        var run = fabric.Grains.GetGrain<IStageRunGrain>(FabricKeys.StageRun(Model, Tier.Cloud));
        var e = await Assert.ThrowsAsync<InvalidPlanException>(() => run.Run(Guid.NewGuid(), 0, "fp32", new byte[16], first, last));
        Assert.Contains($"{first}..{last}", e.Message);
    }

    [Fact]
    public async Task PlanWithAnUnknownSubBlock()
    {
        var plan = PartitionPlans.AllOn(Tier.Cloud, Dims, Spec);
        plan.Tiers[new SubBlockId(1, SubBlockKind.AttentionHeads, 9)] = Tier.Edge;
        var e = await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(plan));
        Assert.Contains("L1.attn9", e.Message);
        await StillServes();
    }

    [Fact]
    public async Task PlanWithTheWrongLayerCount()
    {
        var plan = PartitionPlans.AllOn(Tier.Cloud, Dims with { Layers = 3 }, Spec);
        var e = await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(plan));
        Assert.Contains("3 layers", e.Message);
        await StillServes();
    }

    [Fact]
    public async Task PlanWithABadCodecName()
    {
        var plan = PartitionPlans.AllOn(Tier.Cloud, Dims, Spec, codec: "int3");
        var e = await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(plan));
        Assert.Contains("int3", e.Message);
        await StillServes();
    }

    [Fact]
    public async Task PlanWithoutItsPartsOrNoPlanAtAll()
    {
        var plan = PartitionPlans.AllOn(Tier.Cloud, Dims, Spec);
        var noSpec = new PartitionPlan { Codec = "fp32", Layers = plan.Layers, Tiers = plan.Tiers, Spec = null! };
        var noTiers = new PartitionPlan { Codec = "fp32", Layers = plan.Layers, Spec = plan.Spec, Tiers = null! };
        var badTier = PartitionPlans.AllOn(Tier.Cloud, Dims, Spec);
        badTier.Tiers[badTier.Tiers.Keys.First()] = (Tier)7;

        Assert.Contains("Spec", (await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(noSpec))).Message);
        Assert.Contains("Tiers", (await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(noTiers))).Message);
        Assert.Contains("unknown tier 7", (await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(badTier))).Message);
        Assert.Contains("no plan", (await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(null!))).Message);
        await StillServes();
    }

    [Fact]
    public async Task ARejectedPlanLeavesTheCurrentOne()
    {
        var before = await fabric.Plan(Model).GetPlan();
        await Assert.ThrowsAsync<InvalidPlanException>(() => fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Edge, Dims with { Layers = 5 }, Spec)));
        Assert.Equal(before.Version, (await fabric.Plan(Model).GetPlan()).Version);
    }

    private async Task StillServes()
    {
        var session = fabric.NewSession(Model);
        var first = await session.Start(new GenerationRequest("In the", 2));
        var second = await session.Next();
        Assert.NotNull(second);
        Assert.True(second.Last);
        Assert.Equal(0, first.Index);
        await session.End();
    }
}
