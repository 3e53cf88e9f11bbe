using Splitwise.Onnx.Graphs;

namespace Splitwise.Onnx.Tests;

public sealed class CutFinderTests
{
    [Fact]
    public void A_chain_can_be_cut_after_every_node_but_the_last()
    {
        var graph = new GraphBuilder().Input("x", 2).Output("d", 2)
            .Node("Relu", ["x"], "a").Node("Neg", ["a"], "b").Node("Relu", ["b"], "c").Node("Neg", ["c"], "d")
            .Build().Graph;

        var cuts = CutFinder.ValidCuts(graph);

        Assert.Equal([0, 1, 2], cuts.Select(c => c.AfterNode));
        Assert.Equal(["a", "b", "c"], cuts.Select(c => c.CrossingTensor));
    }

    [Fact]
    public void Cuts_inside_a_skip_connection_are_invalid()
    {
        // a feeds both the residual branch (b, c) and the Add: between a and the Add two tensors cross.
        var graph = new GraphBuilder().Input("x", 2).Output("e", 2)
            .Node("Relu", ["x"], "a").Node("Neg", ["a"], "b").Node("Relu", ["b"], "c")
            .Node("Add", ["a", "c"], "d").Node("Neg", ["d"], "e")
            .Build().Graph;

        var cuts = CutFinder.ValidCuts(graph);

        Assert.Equal([0, 3], cuts.Select(c => c.AfterNode));
        Assert.Equal(["a", "d"], cuts.Select(c => c.CrossingTensor));
    }

    [Fact]
    public void Parallel_branches_are_only_cut_before_they_fork_or_after_they_join()
    {
        var graph = new GraphBuilder().Input("x", 2).Output("j", 2)
            .Node("Relu", ["x"], "f").Node("Neg", ["f"], "l").Node("Relu", ["f"], "r").Node("Mul", ["l", "r"], "j")
            .Build().Graph;

        Assert.Equal([0], CutFinder.ValidCuts(graph).Select(c => c.AfterNode));
    }

    [Fact]
    public void A_graph_input_read_late_rules_out_the_cuts_before_that_read()
    {
        var graph = new GraphBuilder().Input("x", 2).Output("d", 2)
            .Node("Relu", ["x"], "a").Node("Neg", ["a"], "b").Node("Add", ["b", "x"], "c").Node("Neg", ["c"], "d")
            .Build().Graph;

        Assert.Equal([2], CutFinder.ValidCuts(graph).Select(c => c.AfterNode));
    }

    [Fact]
    public void Initializers_do_not_cross_and_a_second_graph_output_ends_the_cuttable_range()
    {
        var graph = new GraphBuilder().Input("x", 2).Output("c", 2).Output("b", 2).Initializer("w", [2], 2f)
            .Node("Mul", ["x", "w"], "a").Node("Mul", ["a", "w"], "b").Node("Relu", ["b"], "c")
            .Build().Graph;

        // After node 0 only a crosses (w is an initializer, copied to both sides); b is an output, so no cut
        // may put its producer in the head.
        Assert.Equal([0], CutFinder.ValidCuts(graph).Select(c => c.AfterNode));
    }

    [Fact]
    public void Constant_nodes_are_copied_like_initializers_and_do_not_count_as_positions()
    {
        // Both constants are stored first and read late; k2 is derived from k1 and is still a constant.
        var graph = new GraphBuilder().Input("x", 2).Output("c", 2)
            .Constant("k1", [2], 3f).Node("Neg", ["k1"], "k2")
            .Node("Mul", ["x", "k1"], "a").Node("Relu", ["a"], "b").Node("Mul", ["b", "k2"], "c")
            .Build().Graph;

        var order = new ComputeOrder(graph);

        Assert.Equal(["k1", "k2"], order.ConstantNodes.Select(n => n.Output[0]));
        Assert.Equal(["a", "b", "c"], order.Nodes.Select(n => n.Output[0]));
        Assert.Equal(["a", "b"], CutFinder.ValidCuts(graph).Select(c => c.CrossingTensor));
    }

    [Fact]
    public void Nodes_stored_out_of_order_are_sorted_before_cutting()
    {
        var graph = new GraphBuilder().Input("x", 2).Output("c", 2)
            .Node("Relu", ["b"], "c").Node("Relu", ["x"], "a").Node("Neg", ["a"], "b")
            .Build().Graph;

        Assert.Equal(["a", "b", "c"], TopologicalOrder.Of(graph).Select(n => n.Output[0]));
        Assert.Equal(["a", "b"], CutFinder.ValidCuts(graph).Select(c => c.CrossingTensor));
    }

    [Fact]
    public void A_cycle_and_an_invalid_cut_are_typed_errors()
    {
        var cyclic = new GraphBuilder().Input("x", 2).Output("b", 2)
            .Node("Add", ["x", "b"], "a").Node("Relu", ["a"], "b")
            .Build().Graph;
        var skip = new GraphBuilder().Input("x", 2).Output("d", 2)
            .Node("Relu", ["x"], "a").Node("Neg", ["a"], "b").Node("Add", ["a", "b"], "d")
            .Build().Graph;

        Assert.Contains("cycle", Assert.Throws<OnnxFormatException>(() => CutFinder.ValidCuts(cyclic)).Message);
        Assert.Contains("no valid cut after node 1", Assert.Throws<OnnxFormatException>(() => CutFinder.Find(skip, 1)).Message);
    }
}
