using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Hosting;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Grains.Tests.Placement;

/// <summary>
/// The sequence the issue met: the cloud silo goes away, a generation runs, a new cloud silo starts, the generation
/// goes on. The trace must report where each sub-block really ran (its activation's silo, asked before the step),
/// the sub-blocks must return to their plan's tier by themselves, and the greedy tokens must not change.
/// </summary>
[Collection(RestartCollection.Name)]
public class ConvergenceTests(FabricCluster fabric)
{
    private const string Model = "converge";
    private const string Prompt = "And God said";
    private const int Tokens = 10;
    private const int DuringOutage = 3;

    [Fact]
    public async Task AfterTheCloudRestartsTheTraceTellsTheTruthAndPlacementConvergesToThePlan()
    {
        var plan = fabric.Plan(Model);
        var applied = await plan.SetPlan(PartitionPlans.FirstLayersOnEdge(1, TinyModel.Dims, TinyModel.Spec));
        Assert.True(applied.Applied);
        var current = await plan.GetPlan();

        await fabric.Cluster.StopSiloAsync(fabric.Cluster.Silos.Single(s => s.ServiceProvider.GetRequiredService<SiloTier>().Tier == Tier.Cloud));
        var session = fabric.NewSession(Model);
        var tokens = new List<int>();
        int? convergedAt = null;
        try
        {
            for (var i = 0; i < DuringOutage; i++)
            {
                var step = i == 0 ? await session.Start(new GenerationRequest(Prompt, Tokens)) : await session.Next();
                tokens.Add(step!.Token);
                // With no cloud silo every sub-block ran on the edge, whatever the plan says, and the trace says so.
                Assert.All(step.Layers, l => Assert.DoesNotContain('C', l[3..]));
                Assert.Equal(Describe(current, await Located()), step.Layers);
            }
        }
        finally
        {
            await fabric.Cluster.StartAdditionalSiloAsync();
        }

        for (var i = DuringOutage; i < Tokens; i++)
        {
            var before = await Located();
            if (convergedAt is null && current.Tiers.All(kv => before[kv.Key] == kv.Value))
                convergedAt = i;
            var step = await session.Next();
            tokens.Add(step!.Token);
            Assert.Equal(Describe(current, before), step.Layers);
        }

        // Moved at the end of the first step after the restart (once the new silo's role is known), seen at the next.
        Assert.NotNull(convergedAt);
        Assert.InRange(convergedAt.Value, DuringOutage + 1, DuringOutage + 3);
        await Placements.AssertFollow(fabric, Model, current);
        Assert.Equal(Expected(), tokens);
        await session.End();
    }

    // Where every sub-block's activation is, once migrations started by the last step have settled.
    private async Task<Dictionary<SubBlockId, Tier>> Located()
    {
        var ids = Enumerable.Range(0, TinyModel.Dims.Layers).SelectMany(l => TinyModel.Spec.SubBlocks(l, TinyModel.Dims.KvHeads)).ToArray();
        Dictionary<SubBlockId, string>? last = null;
        for (var attempt = 0; ; attempt++)
        {
            var read = (await Task.WhenAll(ids.Select(async id => (id, at: await fabric.SubBlock(Model, id).Locate())))).ToArray();
            var silos = read.ToDictionary(r => r.id, r => r.at.Silo);
            if (last is not null && silos.All(kv => last[kv.Key] == kv.Value) || attempt == 40)
                return read.ToDictionary(r => r.id, r => r.at.Tier);
            last = silos;
            await Task.Delay(50);
        }
    }

    private static string[] Describe(PartitionPlan plan, Dictionary<SubBlockId, Tier> at) =>
        Enumerable.Range(0, plan.Layers).Select(l => $"L{l} {plan.Describe(l, at)}").ToArray();

    private int[] Expected()
    {
        using var loaded = ModelLoader.Open(fabric.Model.Path);
        using var reference = loaded.LoadReference();
        return TextGenerator.Generate(reference, loaded.Tokenizer.Encode(Prompt), Tokens, SamplingOptions.Greedy).ToArray();
    }
}
