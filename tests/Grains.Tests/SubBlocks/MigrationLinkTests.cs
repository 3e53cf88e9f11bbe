using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Planning.Migration;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests.SubBlocks;

/// <summary>
/// A plan change's KV caches cross the emulated link as the simulator charges them: the bytes <see cref="KvMove"/>
/// gives, at the link's one-way time, recorded on the receiving tier's meter.
/// </summary>
[Collection(FabricCollection.Name)]
public class MigrationLinkTests(FabricCluster fabric)
{
    private const string Model = "kv-move";
    private const string Prompt = "In the";

    [Fact]
    public async Task MovedCachesAreChargedToTheLinkAsTheSimulatorChargesThem()
    {
        var (dims, spec) = (TinyModel.Dims, TinyModel.Spec);
        var allEdge = PartitionPlans.AllOn(Tier.Edge, dims, spec);
        var next = PartitionPlans.FirstLayersOnEdge(2, dims, spec);
        var plan = fabric.Plan(Model);
        await plan.SetPlan(allEdge);
        var session = fabric.NewSession(Model);
        await session.Start(new GenerationRequest(Prompt, 8));
        await session.Next();
        await session.Next();
        // The prompt's positions and two fed tokens: what each head group holds now.
        var length = Prompt.Length + 2;

        var metrics = fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));
        fabric.Link.Link = new ConstantLink(mbps: 20, rttMs: 40);
        try
        {
            await metrics.Reset();
            await plan.SetPlan(next);
            Assert.NotNull(await session.Next());
        }
        finally
        {
            fabric.Link.Link = null;
        }

        var moves = (await metrics.Recent()).Where(c => c.Method == MigrationLink.Method).ToArray();
        var (up, down) = KvMove.Bytes(allEdge, next, TinyModel.Config.DModel / TinyModel.Config.NHead, length);
        Assert.Equal(0, down);
        Assert.Equal(2 * spec.HeadGroups(dims.KvHeads), moves.Length);
        Assert.All(moves, m => Assert.True(m.Uplink));
        Assert.Equal(up, moves.Sum(m => m.Bytes));
        foreach (var m in moves)
            Assert.Equal(20 + m.Bytes * 8 / 20e3, m.DelayMs, tolerance: 1e-4);
        await session.End();
    }
}
