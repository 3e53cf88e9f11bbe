using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Onnx.Tests;

/// <summary>
/// The pretrained PaddleOCR direction classifier, split at valid cuts, against the whole model. Every one of its 59
/// cuts is checked by `onnx cuts --verify`; here eight spread over the graph (first and last included) keep the test
/// fast, since each cut builds two ONNX Runtime sessions.
/// </summary>
public sealed class RealModelParityTests
{
    [SkippableFact]
    public void Head_then_tail_equals_the_full_classifier_at_cuts_spread_over_the_graph()
    {
        var model = OnnxModelFile.Read(OcrModels.Require(OcrModels.Classifier));
        var input = FloatTensor.Random(ShapeProbe.ConcreteInputShape(model, OcrModels.ClassifierInput), seed: 1);
        using var full = new OnnxSession(OnnxModelFile.ToBytes(model));
        var expected = full.Run(input);

        var cuts = CutFinder.ValidCuts(model.Graph);
        Assert.True(cuts.Count >= 10, $"expected a CNN to have many single-tensor cuts, found {cuts.Count}");
        foreach (var cut in Enumerable.Range(0, 8).Select(i => cuts[i * (cuts.Count - 1) / 7]))
        {
            var split = GraphSplitter.Split(model, cut);
            using var head = new OnnxSession(OnnxModelFile.ToBytes(split.Head));
            using var tail = new OnnxSession(OnnxModelFile.ToBytes(split.Tail));
            var crossing = TensorWire.Decode(TensorWire.Encode(head.Run(input)));
            var difference = tail.Run(crossing).MaxAbsDifference(expected);
            Assert.True(difference <= 1e-5f, $"cut after node {cut.AfterNode} ({cut.CrossingTensor}): max |diff| {difference}");
        }
    }

    [SkippableFact]
    public void The_probe_reports_the_crossing_shapes_of_the_classifier()
    {
        var model = OnnxModelFile.Read(OcrModels.Require(OcrModels.Classifier));
        var inputShape = ShapeProbe.ConcreteInputShape(model, OcrModels.ClassifierInput);
        var cuts = CutFinder.ValidCuts(model.Graph);

        var shapes = ShapeProbe.Shapes(model, FloatTensor.Random(inputShape, seed: 2), cuts.Select(c => c.CrossingTensor));

        Assert.Equal([1L, 3, 48, 192], inputShape);
        Assert.Throws<OnnxFormatException>(() => ShapeProbe.ConcreteInputShape(model));
        Assert.Throws<OnnxFormatException>(() => ShapeProbe.ConcreteInputShape(model, [1, 4, 48, 192]));
        Assert.Equal(4, shapes[cuts[0].CrossingTensor].Length);
        Assert.Equal(1L, shapes[cuts[0].CrossingTensor][0]);
        Assert.Equal([1L, 2], shapes[cuts[^1].CrossingTensor]);
    }
}
