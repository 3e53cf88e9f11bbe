using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests;

/// <summary>The call filters put the emulated link between the tiers: delay per crossing, bytes recorded, outages typed.</summary>
[Collection(FabricCollection.Name)]
public class LinkEmulationTests(FabricCluster fabric)
{
    private const string Model = "link";
    private static readonly ModelDimensions Dims = TinyModel.Dims;
    private static readonly DecompositionSpec Spec = TinyModel.Spec;

    [Fact]
    public async Task ConstantLinkDelaysEachCrossingAndRecordsBytes()
    {
        // Layers 2 and 3 split between the tiers: their stages run on the edge and call the cloud's half.
        await fabric.Plan(Model).SetPlan(PartitionPlans.Build(Dims, Spec, id => id.Layer >= 2 && id.Index % 2 == 1 ? Tier.Cloud : Tier.Edge));
        var session = fabric.NewSession(Model);
        await session.Start(new GenerationRequest("In the", 3));
        var metrics = fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));
        fabric.Link.Link = new ConstantLink(mbps: 20, rttMs: 40);
        TokenStep? step;
        try
        {
            await metrics.Reset();
            step = await session.Next();
        }
        finally
        {
            fabric.Link.Link = null;
        }

        Assert.NotNull(step);
        var totals = await metrics.Totals();
        var crossings = await metrics.Recent();

        // Two split layers, one attention and one FFN stage call each, each crossing up and back down.
        Assert.Equal(4, step.Link.FarCalls);
        Assert.Equal(8, totals.Crossings);
        Assert.Equal(4, crossings.Count(c => c.Uplink));
        // The delay is a TimeSpan: whole ticks of 100 ns, truncated.
        foreach (var c in crossings)
            Assert.Equal(20 + c.Bytes * 8 / 20e3, c.DelayMs, tolerance: 1e-4);

        // The filter counts every argument; the session counts the activation payloads inside them.
        Assert.InRange(totals.BytesUp - step.Link.BytesUp, 0, 4 * 128);
        Assert.InRange(totals.BytesDown - step.Link.BytesDown, 0, 4 * 128);
        // A timer's tick may land a wait up to a millisecond early against the stopwatch: allow one per crossing.
        Assert.True(step.Link.FarCallMs >= totals.DelayMs - totals.Crossings, $"far calls took {step.Link.FarCallMs} ms, the link alone {totals.DelayMs} ms");
        Assert.True(totals.DelayMs >= 8 * 20);
        await session.End();
    }

    [Fact]
    public async Task OutageSegmentFailsTheCallWithATypedError()
    {
        await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Cloud, Dims, Spec));
        var up = new LinkState(20, 20, 40);
        fabric.Link.Link = new PiecewiseLink([(TimeSpan.Zero, up), (TimeSpan.FromSeconds(5), up with { Up = false }), (TimeSpan.FromSeconds(15), up)]);
        var clock = fabric.Link.Clock;
        fabric.Link.Clock = () => TimeSpan.FromSeconds(10);
        using var plain = fabric.WithoutRecovery();
        try
        {
            var e = await Assert.ThrowsAsync<LinkDownException>(() => fabric.NewSession(Model).Start(new GenerationRequest("In the", 2)));
            Assert.Contains("link is down", e.Message);
            var outages = (await fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud)).Totals()).Outages;
            Assert.True(outages >= 1);
        }
        finally
        {
            fabric.Link.Clock = clock;
            fabric.Link.Link = null;
        }

        var session = fabric.NewSession(Model);
        await session.Start(new GenerationRequest("In the", 2));
        Assert.NotNull(await session.Next());
    }
}
