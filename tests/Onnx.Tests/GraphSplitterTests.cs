using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Onnx.Tests;

public sealed class GraphSplitterTests
{
    // x -> Mul w1 -> a -> Relu -> b -> Mul w2 -> c -> Add(b, c) -> d -> Mul w1 -> e: a skip connection around c,
    // w1 read on both sides of the cut after node 0.
    private static readonly Proto.ModelProto Residual = new GraphBuilder()
        .Input("x", 1, 4).Output("e", 1, 4)
        .Initializer("w1", [1, 4], 1.5f).Initializer("w2", [1, 4], -0.25f)
        .Node("Mul", ["x", "w1"], "a").Node("Relu", ["a"], "b").Node("Mul", ["b", "w2"], "c")
        .Node("Add", ["b", "c"], "d").Node("Mul", ["d", "w1"], "e")
        .Build();

    [Fact]
    public void Every_valid_cut_of_a_residual_graph_runs_head_then_tail_to_the_full_output()
    {
        var input = FloatTensor.Random([1, 4], seed: 7);
        using var full = new OnnxSession(OnnxModelFile.ToBytes(Residual));
        var expected = full.Run(input);

        var cuts = CutFinder.ValidCuts(Residual.Graph);
        Assert.Equal([0, 1, 3], cuts.Select(c => c.AfterNode));
        foreach (var cut in cuts)
        {
            var split = GraphSplitter.Split(Residual, cut.AfterNode);
            using var head = new OnnxSession(OnnxModelFile.ToBytes(split.Head));
            using var tail = new OnnxSession(OnnxModelFile.ToBytes(split.Tail));
            var crossing = head.Run(input);
            Assert.Equal(0f, tail.Run(crossing).MaxAbsDifference(expected));
        }
    }

    [Fact]
    public void A_run_on_an_input_of_the_wrong_shape_is_a_typed_error()
    {
        using var session = new OnnxSession(OnnxModelFile.ToBytes(Residual));

        var error = Assert.Throws<OnnxFormatException>(() => session.Run(FloatTensor.Random([1, 3], seed: 1)));
        Assert.Contains("x [1,3]", error.Message);
    }

    [Fact]
    public void Initializers_go_to_the_side_that_reads_them_and_the_opset_is_kept()
    {
        var split = GraphSplitter.Split(Residual, afterNode: 1);

        Assert.Equal(["w1"], split.Head.Graph.Initializer.Select(t => t.Name));
        Assert.Equal(["w1", "w2"], split.Tail.Graph.Initializer.Select(t => t.Name));
        Assert.Equal(["x"], split.Head.Graph.Input.Select(v => v.Name));
        Assert.Equal(["b"], split.Head.Graph.Output.Select(v => v.Name));
        Assert.Equal(["b"], split.Tail.Graph.Input.Select(v => v.Name));
        Assert.Equal(["e"], split.Tail.Graph.Output.Select(v => v.Name));
        Assert.Equal(13, split.Head.OpsetImport.Single().Version);
        Assert.Equal(Residual.IrVersion, split.Tail.IrVersion);
    }

    [Fact]
    public void Constant_nodes_are_copied_to_each_side_that_reads_them()
    {
        var model = new GraphBuilder().Input("x", 1, 2).Output("c", 1, 2)
            .Constant("k1", [1, 2], 3f).Node("Neg", ["k1"], "k2").Constant("k3", [1, 2], 5f)
            .Node("Mul", ["x", "k1"], "a").Node("Relu", ["a"], "b").Node("Mul", ["b", "k2"], "c")
            .Build();
        var input = FloatTensor.Create([1, 2], [1f, -2f]);

        var split = GraphSplitter.Split(model, afterNode: 0);

        Assert.Equal(["k1", "a"], split.Head.Graph.Node.Select(n => n.Output[0]));
        Assert.Equal(["k1", "k2", "b", "c"], split.Tail.Graph.Node.Select(n => n.Output[0]));
        using var head = new OnnxSession(OnnxModelFile.ToBytes(split.Head));
        using var tail = new OnnxSession(OnnxModelFile.ToBytes(split.Tail));
        Assert.Equal([-9f, 0f], tail.Run(head.Run(input)).Data);
    }

    [Fact]
    public void The_crossing_tensor_keeps_its_value_info_when_the_model_has_one()
    {
        var annotated = Residual.Clone();
        annotated.Graph.ValueInfo.Add(new GraphBuilder().Output("b", 1, 4).Build().Graph.Output[0]);

        var split = GraphSplitter.Split(annotated, afterNode: 1);

        var dims = split.Tail.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.DimValue);
        Assert.Equal([1L, 4L], dims);
    }
}
