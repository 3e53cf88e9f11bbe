using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Onnx;
using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Runtime;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests;

/// <summary>DynaSplit's live path: a real pretrained CNN's head on the edge silo, its tail on the cloud silo.</summary>
[Collection(FabricCollection.Name)]
public class OnnxSplitTests(FabricCluster fabric)
{
    [SkippableFact]
    public async Task Head_on_edge_then_tail_on_cloud_equals_the_full_model_with_the_crossing_counted()
    {
        var model = OnnxModelFile.Read(OcrClassifier.Require());
        var input = FloatTensor.Random(OcrClassifier.InputShape, seed: 11);
        using var full = new OnnxSession(OnnxModelFile.ToBytes(model));
        var expected = full.Run(input);
        var cuts = CutFinder.ValidCuts(model.Graph);
        var cut = cuts[cuts.Count / 3];

        var head = fabric.Grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head(OcrClassifier.Name, cut.AfterNode, threads: 1));
        var metrics = fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));
        await head.Infer(TensorWire.Encode(input)); // activate both halves before measuring
        fabric.Link.Link = new ConstantLink(mbps: 20, rttMs: 40);
        OnnxSplitRun run;
        try
        {
            await metrics.Reset();
            run = await head.Infer(TensorWire.Encode(input));
        }
        finally
        {
            fabric.Link.Link = null;
        }

        Assert.True(TensorWire.Decode(run.Output).MaxAbsDifference(expected) <= 1e-5f);
        var edgeSilo = fabric.Cluster.Silos[0].SiloAddress.ToString();
        var cloudSilo = fabric.Cluster.Silos[1].SiloAddress.ToString();
        Assert.Equal($"edge {edgeSilo}", run.HeadSilo);
        Assert.Equal($"cloud {cloudSilo}", run.TailSilo);

        var crossings = await metrics.Recent();
        var up = Assert.Single(crossings, c => c.Uplink);
        Assert.Single(crossings, c => !c.Uplink);
        Assert.Equal(run.CrossingBytes, up.Bytes);
        Assert.Equal(20 + up.Bytes * 8 / 20e3, up.DelayMs, precision: 6);
        // A timer's tick may land a wait up to a millisecond early against the stopwatch: allow one per crossing.
        Assert.True(run.RoundTripMs >= crossings.Sum(c => c.DelayMs) - crossings.Count(), $"round trip {run.RoundTripMs:F2} ms, link delays {crossings.Sum(c => c.DelayMs):F2} ms");
    }

    [SkippableFact]
    public async Task Cloud_only_sends_the_input_across_and_edge_only_sends_nothing()
    {
        var model = OnnxModelFile.Read(OcrClassifier.Require());
        var input = FloatTensor.Random(OcrClassifier.InputShape, seed: 12);
        using var full = new OnnxSession(OnnxModelFile.ToBytes(model));
        var expected = full.Run(input);
        var lastNode = new ComputeOrder(model.Graph).Nodes.Count - 1;

        var cloudOnly = await fabric.Grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head(OcrClassifier.Name, -1, threads: 1))
            .Infer(TensorWire.Encode(input));
        var edgeOnly = await fabric.Grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head(OcrClassifier.Name, lastNode, threads: 2))
            .Infer(TensorWire.Encode(input));

        Assert.True(TensorWire.Decode(cloudOnly.Output).MaxAbsDifference(expected) <= 1e-5f);
        Assert.Equal(TensorWire.Encode(input).LongLength, cloudOnly.CrossingBytes);
        Assert.StartsWith("cloud ", cloudOnly.TailSilo);
        Assert.True(TensorWire.Decode(edgeOnly.Output).MaxAbsDifference(expected) <= 1e-5f);
        Assert.Equal(0, edgeOnly.CrossingBytes);
        Assert.Equal("", edgeOnly.TailSilo);
    }

    [SkippableFact]
    public async Task An_invalid_cut_and_a_bad_input_are_typed_errors()
    {
        OcrClassifier.Require();
        var valid = CutFinder.ValidCuts(OnnxModelFile.Read(OcrClassifier.Require()).Graph)[0].AfterNode;

        var badCut = fabric.Grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head(OcrClassifier.Name, 2, threads: 1));
        var good = fabric.Grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head(OcrClassifier.Name, valid, threads: 1));
        var unknown = fabric.Grains.GetGrain<IOnnxHeadGrain>(OnnxSplitKeys.Head("no-such-model", valid, threads: 1));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => badCut.Infer(TensorWire.Encode(FloatTensor.Random([1, 3, 48, 192], 1))));
        Assert.Contains("no valid cut after node 2", error.Message);
        await Assert.ThrowsAsync<InvalidRequestException>(() => good.Infer([1, 2, 3]));
        await Assert.ThrowsAsync<UnknownModelException>(() => unknown.Infer(TensorWire.Encode(FloatTensor.Random([1, 3, 48, 192], 1))));
    }
}
