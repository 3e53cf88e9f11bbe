using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Grains.Tests;

/// <summary>
/// One greedy generation while the plan changes under it: all-edge -> half-cloud -> all-cloud -> split
/// FFN (W1 edge, W2 cloud, attention back on the edge). Migrated head groups carry their KV caches, so the
/// tokens must equal the monolithic reference's, and every sub-block must be where its plan says.
/// </summary>
[Collection(FabricCollection.Name)]
public class MigrationParityTests(FabricCluster fabric)
{
    private const string Model = "parity";
    private const string FixedPlanModel = "fixed-plan";
    private const string Prompt = "And God said";
    private const int Tokens = 12;

    /// <summary>
    /// The two distributed paths under one plan: stages split between the tiers (the session calls the cloud's half
    /// through the stage grain) and a run of layers wholly in the cloud (the residual goes there, re-encoded in the
    /// plan's codec). fp16 and int8 are lossy, yet on this model they must not change a greedy token.
    /// </summary>
    [Theory]
    [InlineData("checkerboard", "fp32")]
    [InlineData("checkerboard", "fp16")]
    [InlineData("last-layers-in-cloud", "fp32")]
    [InlineData("last-layers-in-cloud", "fp16")]
    [InlineData("last-layers-in-cloud", "int8")]
    public async Task TokensEqualTheReferenceUnderAFixedPlan(string layout, string codec)
    {
        var plan = layout == "checkerboard"
            ? PartitionPlans.Build(TinyModel.Dims, TinyModel.Spec, id => (id.Layer + id.Index) % 2 == 0 ? Tier.Edge : Tier.Cloud, codec)
            : PartitionPlans.FirstLayersOnEdge(1, TinyModel.Dims, TinyModel.Spec, codec);
        await fabric.Plan(FixedPlanModel).SetPlan(plan);
        var session = fabric.NewSession(FixedPlanModel);

        var actual = new List<int> { (await session.Start(new GenerationRequest(Prompt, Tokens))).Token };
        while (await session.Next() is { } step)
        {
            actual.Add(step.Token);
            Assert.Equal(layout == "checkerboard" ? 2 * TinyModel.Config.NLayer : 1, step.Link.FarCalls);
        }

        Assert.Equal(Expected(), actual);
        await session.End();
    }

    [Fact]
    public async Task TokensEqualTheReferenceAcrossPlanChanges()
    {
        var expected = Expected();

        var (dims, spec) = (TinyModel.Dims, TinyModel.Spec);
        var perLayer = spec.HeadGroups(dims.KvHeads) + spec.FfnSlices;
        var switches = new Dictionary<int, (PartitionPlan Plan, int Moves)>
        {
            [0] = (PartitionPlans.AllOn(Tier.Edge, dims, spec), 0),
            [3] = (PartitionPlans.FirstLayersOnEdge(2, dims, spec), 2 * perLayer),
            [6] = (PartitionPlans.AllOn(Tier.Cloud, dims, spec), 2 * perLayer),
            [9] = (PartitionPlans.SplitFfn(dims, spec, attention: Tier.Edge), dims.Layers * spec.HeadGroups(dims.KvHeads)),
        };

        var plan = fabric.Plan(Model);
        var session = fabric.NewSession(Model);
        var actual = new List<int>();
        TokenStep? step = null;
        for (var i = 0; i < Tokens; i++)
        {
            if (switches.TryGetValue(i, out var s))
            {
                var change = await plan.SetPlan(s.Plan);
                Assert.Equal(s.Moves, change.Moved.Length);
            }

            step = i == 0 ? await session.Start(new GenerationRequest(Prompt, Tokens)) : await session.Next();
            Assert.NotNull(step);
            actual.Add(step.Token);
            var current = await plan.GetPlan();
            Assert.Equal(current.Version, step.PlanVersion);
            await Placements.AssertFollow(fabric, Model, current);
        }

        Assert.True(step!.Last);
        Assert.Null(await session.Next());
        Assert.Equal(expected, actual);
        await session.End();
    }

    private int[] Expected()
    {
        using var loaded = ModelLoader.Open(fabric.Model.Path);
        using var reference = loaded.LoadReference();
        return TextGenerator.Generate(reference, loaded.Tokenizer.Encode(Prompt), Tokens, SamplingOptions.Greedy).ToArray();
    }
}
