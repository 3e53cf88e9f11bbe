using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Onnx.Tests;

/// <summary>The pretrained PaddleOCR direction classifier, split at every valid cut, against the whole model.</summary>
public sealed class RealModelParityTests
{
    [SkippableFact]
    public void Head_then_tail_equals_the_full_classifier_at_every_valid_cut()
    {
        var model = OnnxModelFile.Read(OcrModels.Require(OcrModels.Classifier));
        var input = FloatTensor.Random(ShapeProbe.ConcreteInputShape(model), seed: 1);
        using var full = new OnnxSession(OnnxModelFile.ToBytes(model));
        var expected = full.Run(input);

        var cuts = CutFinder.ValidCuts(model.Graph);
        Assert.True(cuts.Count >= 10, $"expected a CNN to have many single-tensor cuts, found {cuts.Count}");
        foreach (var cut in cuts)
        {
            var split = GraphSplitter.Split(model, cut.AfterNode);
            using var head = new OnnxSession(OnnxModelFile.ToBytes(split.Head));
            using var tail = new OnnxSession(OnnxModelFile.ToBytes(split.Tail));
            var crossing = TensorWire.Decode(TensorWire.Encode(head.Run(input)));
            var difference = tail.Run(crossing).MaxAbsDifference(expected);
            Assert.True(difference <= 1e-5f, $"cut after node {cut.AfterNode} ({cut.CrossingTensor}): max |diff| {difference}");
        }
    }
}
