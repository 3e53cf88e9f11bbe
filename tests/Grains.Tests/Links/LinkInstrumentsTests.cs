using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests.Links;

/// <summary>What a cross-tier decode step puts on the "Splitwise.Link" meter of the silo it crossed into.</summary>
[Collection(FabricCollection.Name)]
public class LinkInstrumentsTests(FabricCluster fabric)
{
    private const string Model = "metrics";
    private static readonly ModelDimensions Dims = TinyModel.Dims;
    private static readonly DecompositionSpec Spec = TinyModel.Spec;

    [Fact]
    public async Task EmulatedCrossingsAreCountedWithBytesDelaysAndTags()
    {
        await fabric.Plan(Model).SetPlan(PartitionPlans.FirstLayersOnEdge(3, Dims, Spec, "int8"));
        var session = fabric.NewSession(Model);
        await session.Start(new GenerationRequest("In the", 3));
        var cloud = fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));
        await cloud.Reset();
        using var measured = new LinkMeasurements(fabric.SiloServices(Tier.Cloud).GetRequiredService<IMeterFactory>());
        fabric.Link.Link = new ConstantLink(mbps: 20, rttMs: 40);
        try
        {
            await session.Next();
        }
        finally
        {
            fabric.Link.Link = null;
        }

        // Layer 3 in the cloud: one run of its two stages, the residual up and back down.
        var crossings = measured.Of(LinkInstruments.Crossings);
        Assert.Equal(2, crossings.Sum(m => m.Value));
        Assert.All(crossings, m => Assert.Equal("int8", m.Tags["codec"]));
        Assert.Equal(1, crossings.Count(m => m.Tags["direction"] == "uplink" && m.Tags["from_tier"] == "edge" && m.Tags["to_tier"] == "cloud"));
        Assert.Equal(1, crossings.Count(m => m.Tags["direction"] == "downlink" && m.Tags["from_tier"] == "cloud" && m.Tags["to_tier"] == "edge"));

        var totals = await cloud.Totals();
        var bytes = measured.Of(LinkInstruments.Bytes);
        Assert.All(bytes, m => Assert.Equal("By", m.Unit));
        Assert.Equal(totals.BytesUp, bytes.Where(m => m.Tags["direction"] == "uplink").Sum(m => m.Value));
        Assert.Equal(totals.BytesDown, bytes.Where(m => m.Tags["direction"] == "downlink").Sum(m => m.Value));
        Assert.True(totals.BytesUp > 0 && totals.BytesDown > 0);

        // Each delay is the link model's RTT/2 + bytes/bandwidth for the bytes of the same crossing.
        var delays = measured.Of(LinkInstruments.Delay);
        Assert.Equal(bytes.Select(b => 20 + b.Value * 8 / 20e3), delays.Select(d => d.Value), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.All(delays, m => Assert.Equal("ms", m.Unit));
        Assert.Empty(measured.Of(LinkInstruments.Outages));
        await session.End();
    }

    [Fact]
    public async Task WithoutAnEmulatedLinkBytesAreCountedButNoDelay()
    {
        await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Cloud, Dims, Spec, "fp16"));
        using var measured = new LinkMeasurements(fabric.SiloServices(Tier.Cloud).GetRequiredService<IMeterFactory>());
        var session = fabric.NewSession(Model);
        await session.Start(new GenerationRequest("In the", 2));
        await session.End();

        Assert.Contains(measured.Of(LinkInstruments.Crossings), m => m.Tags["codec"] == "fp16");
        Assert.True(measured.Of(LinkInstruments.Bytes).Sum(m => m.Value) > 0);
        Assert.Empty(measured.Of(LinkInstruments.Delay));
    }

    [Fact]
    public async Task AnOutageIsCountedWithTheMethodThatFailed()
    {
        // Every stage split between the tiers, so the far calls are layer stage calls.
        await fabric.Plan(Model).SetPlan(PartitionPlans.Build(Dims, Spec, id => id.Index % 2 == 0 ? Tier.Edge : Tier.Cloud));
        using var measured = new LinkMeasurements(fabric.SiloServices(Tier.Cloud).GetRequiredService<IMeterFactory>());
        fabric.Link.Link = new PiecewiseLink([(TimeSpan.Zero, new LinkState(20, 20, 40) { Up = false })]);
        using var plain = fabric.WithoutRecovery();
        try
        {
            await Assert.ThrowsAsync<LinkDownException>(() => fabric.NewSession(Model).Start(new GenerationRequest("In the", 2)));
        }
        finally
        {
            fabric.Link.Link = null;
        }

        var outages = measured.Of(LinkInstruments.Outages);
        Assert.NotEmpty(outages);
        var outage = outages[0];
        Assert.Equal("{call}", outage.Unit);
        Assert.Equal(("edge", "cloud"), (outage.Tags["from_tier"], outage.Tags["to_tier"]));
        Assert.Contains("ILayerStageGrain", outage.Tags["method"]);
    }
}
