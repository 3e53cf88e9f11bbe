using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Tests;

[Collection(FabricCollection.Name)]
public class FabricClientTests(FabricCluster fabric)
{
    private const string Model = "client";

    [Fact]
    public async Task StreamsTokensWithTracesAndReleasesTheKvCaches()
    {
        var client = new FabricClient(fabric.Grains);
        var change = await client.SetPlan(Model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(1, dims, spec, "fp16"));
        Assert.Equal("fp16", (await client.GetPlan(Model)).Codec);

        var steps = new List<TokenStep>();
        await foreach (var step in client.Generate(Model, new GenerationRequest("In the", 4)))
            steps.Add(step);

        Assert.Equal([0, 1, 2, 3], steps.Select(s => s.Index));
        Assert.True(steps[^1].Last);
        Assert.All(steps, s => Assert.Equal(change.Version, s.PlanVersion));
        Assert.All(steps, s => Assert.Equal(1, s.Link.FarCalls)); // layers 1..3 in the cloud: one run there, the residual up and back
        Assert.Equal("L1 attn CCCC | ffn CCCC", steps[0].Layers[1]);

        var held = await fabric.SubBlock(Model, new SubBlockId(2, SubBlockKind.AttentionHeads, 0)).Locate();
        Assert.Equal(Tier.Cloud, held.Tier);
        Assert.Equal(0, held.Sessions);
    }

    [Fact]
    public async Task ErrorsArriveTyped()
    {
        var client = new FabricClient(fabric.Grains);
        await Assert.ThrowsAsync<InvalidRequestException>(async () =>
        {
            await foreach (var _ in client.Generate(Model, new GenerationRequest("", 4)))
            {
            }
        });
    }

    [Fact]
    public async Task AKeptSessionResumesAfterAnyIndexWithTheUnbrokenRunsTokensAndIsReleasedAtItsEnd()
    {
        var client = new FabricClient(fabric.Grains);
        var whole = new List<int>();
        await foreach (var step in client.Generate(Model, new GenerationRequest("In the", 8)))
            whole.Add(step.Token);

        // A session whose stream broke after its fourth token (generated and stored; the caller got two).
        var id = Guid.NewGuid();
        var session = fabric.Grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(Model, id));
        await session.Start(new GenerationRequest("In the", 8));
        for (var i = 0; i < 3; i++)
            await session.Next();

        var resumed = new List<TokenStep>();
        await foreach (var step in client.Resume(Model, id, after: 1))
            resumed.Add(step);

        Assert.Equal(Enumerable.Range(2, 6), resumed.Select(s => s.Index));
        Assert.Equal(whole[2..], resumed.Select(s => s.Token));
        Assert.True(resumed[^1].Last);
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Drain(client.Resume(Model, id, after: 1)));
        var held = await fabric.SubBlock(Model, new SubBlockId(2, SubBlockKind.AttentionHeads, 0)).Locate();
        Assert.Equal(0, held.Sessions);
    }

    [Fact]
    public async Task AResumeOfNoSessionOrPastItsTokensIsRefusedTyped()
    {
        var client = new FabricClient(fabric.Grains);
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Drain(client.Resume(Model, Guid.NewGuid(), after: 0)));

        var id = Guid.NewGuid();
        await using (var stream = client.Generate(Model, new GenerationRequest("In the", 8), id).GetAsyncEnumerator())
        {
            Assert.True(await stream.MoveNextAsync());
            var kept = fabric.Grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(Model, id));
            await Assert.ThrowsAsync<InvalidRequestException>(() => kept.Resume(1));
            await Assert.ThrowsAsync<InvalidRequestException>(() => kept.Resume(-2));
        }

        // Abandoned by its consumer: the session ended.
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Drain(client.Resume(Model, id, after: 0)));
    }

    private static async Task Drain(IAsyncEnumerable<TokenStep> steps)
    {
        await foreach (var _ in steps)
        {
        }
    }
}
