using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Tests.Cost;

public class FabricStepModelTests
{
    private static readonly TransformerShape Shape = new Gpt2Config(NLayer: 6, NHead: 8, DModel: 256, NCtx: 256, VocabSize: 256).Shape;
    private static readonly ModelDimensions Dims = new(Shape.NLayer, Shape.NKvHead, Shape.DFf);
    private static readonly DecompositionSpec Spec = DecompositionSpec.Default(Shape.NKvHead);
    private static readonly CostModel Edge = CostModel.Calibrated(DeviceProfiles.RaspberryPi5, Calibrations.Known);
    private static readonly CostModel Cloud = CostModel.Host(Calibrations.Known);
    private static readonly ConstantLink Link = new(mbps: 20, rttMs: 40);

    [Fact]
    public void AllOnTheEdgeIsTheSumOfEdgeComputeAndCallOverheads()
    {
        const double overhead = 100e-6;
        var step = new FabricStepModel(Shape, Edge, Cloud, Link, overhead).Step(PartitionPlans.AllOn(Tier.Edge, Dims, Spec), position: 10);

        var biased = true;
        var perLayer = Edge.Seconds(SubBlockWorkModel.LayerGlue(256, biased, biased, 1))
                       + 4 * Edge.Seconds(SubBlockWorkModel.AttentionGroup(256, 2, 2, 32, biased, 10, 1))
                       + 4 * Edge.Seconds(SubBlockWorkModel.FfnSlice(256, 256, false, biased, 1));
        var compute = 6 * perLayer + Edge.Seconds(SubBlockWorkModel.Embedding(256, true, 10, 1)) + Edge.Seconds(SubBlockWorkModel.LmHead(256, 256, biased, 1));
        var calls = 2 + 6 * 2 * 4; // session + plan; per layer two stages of four sub-blocks each, called by the session

        Assert.Equal(0, step.FarCalls);
        Assert.Equal(0, step.LinkSeconds);
        Assert.Equal(calls, step.GrainCalls);
        Assert.Equal(compute, step.EdgeComputeSeconds, 12);
        Assert.Equal(compute + calls * overhead, step.Seconds, 12);
    }

    [Fact]
    public void ARunOfCloudStagesCrossesTheLinkOnceEachWayWithTheResidualInTheCodec()
    {
        var model = new FabricStepModel(Shape, Edge, Cloud, Link, 0);
        var fp32 = model.Step(PartitionPlans.FirstLayersOnEdge(3, Dims, Spec), 10);
        var int8 = model.Step(PartitionPlans.FirstLayersOnEdge(3, Dims, Spec, codec: "int8"), 10);

        // Layers 3..5 wholly in the cloud: one run there, the [1, 256] residual up and back.
        Assert.Equal(1, fp32.FarCalls);
        var oneWay = 0.020 + (12 + 256 * 4) * 8 / 20e6;
        Assert.Equal(2 * oneWay, fp32.LinkSeconds, 9);
        var biased = true;
        Assert.True(fp32.CloudComputeSeconds > 3 * Cloud.Seconds(SubBlockWorkModel.LayerGlue(256, biased, biased, 1)), "the run's norms and sums are cloud work");
        Assert.True(int8.LinkSeconds < fp32.LinkSeconds);
        Assert.True(fp32.Seconds > fp32.LinkSeconds + fp32.EdgeComputeSeconds * 0.99);
    }

    [Fact]
    public void EachPayloadBetweenTheSilosPaysTheCrossingOverheadOnTopOfTheLink()
    {
        const double crossing = 1e-3;
        var plan = PartitionPlans.FirstLayersOnEdge(3, Dims, Spec);
        var without = new FabricStepModel(Shape, Edge, Cloud, Link, 50e-6).Step(plan, 10);
        var with = new FabricStepModel(Shape, Edge, Cloud, Link, 50e-6, crossing).Step(plan, 10);

        // One run in the cloud: the residual up and back, both on the critical path.
        Assert.Equal(2, with.Crossings);
        Assert.Equal(without.Seconds + 2 * crossing, with.Seconds, 12);
        Assert.Equal(without.LinkSeconds, with.LinkSeconds, 12);
        var edge = new FabricStepModel(Shape, Edge, Cloud, Link, 50e-6, crossing).Step(PartitionPlans.AllOn(Tier.Edge, Dims, Spec), 10);
        Assert.Equal(0, edge.Crossings);
        Assert.Throws<CostModelException>(() => new FabricStepModel(Shape, Edge, Cloud, Link, 0, -1e-6));
    }

    [Fact]
    public void AStagesEdgeAndCloudHalvesOverlap()
    {
        // Half the head groups and half the slices of every layer in the cloud: the stage waits for the slower half only.
        var half = PartitionPlans.Build(Dims, Spec, id => id.Index % 2 == 0 ? Tier.Edge : Tier.Cloud);
        var step = new FabricStepModel(Shape, Edge, Cloud, Link, 0).Step(half, 10);

        Assert.Equal(12, step.FarCalls);
        Assert.True(step.Seconds < step.EdgeComputeSeconds + step.CloudComputeSeconds + step.LinkSeconds);
        Assert.True(step.Seconds >= step.LinkSeconds);
    }

    [Fact]
    public void SplitFfnSendsTheIntermediateToTheCloudAfterW1()
    {
        var split = PartitionPlans.SplitFfn(Dims, Spec);
        var step = new FabricStepModel(Shape, Edge, Cloud, Link, 0).Step(split, 10);

        // Per layer one W2 call in the cloud: up with the [1, 1024] intermediate, down with a [1, 256] partial.
        Assert.Equal(6, step.FarCalls);
        var oneLayer = 0.040 + ((12 + 1024 * 4) + (12 + 256 * 4)) * 8 / 20e6;
        Assert.Equal(6 * oneLayer, step.LinkSeconds, 9);
    }

    [Fact]
    public void BadInputIsTyped()
    {
        var model = new FabricStepModel(Shape, Edge, Cloud, Link, 0);
        Assert.Throws<CostModelException>(() => model.Step(PartitionPlans.AllOn(Tier.Edge, Dims, Spec), position: 256));
        Assert.Throws<CostModelException>(() => model.Step(PartitionPlans.AllOn(Tier.Edge, Dims with { Layers = 2 }, Spec), 0));
        Assert.Throws<CostModelException>(() => new FabricStepModel(Shape, Edge, Cloud, Link, -1));
    }
}
