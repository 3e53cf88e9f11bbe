using Splitwise.Cli.Live;
using Splitwise.Onnx.Graphs;
using Splitwise.Planning.DynaSplit;

namespace Splitwise.Cli.Tests.Live;

public sealed class LiveSplitSpaceTests
{
    private static readonly CutPoint[] Cuts = Enumerable.Range(0, 10).Select(i => new CutPoint(3 * i, $"n{i}", "Conv", $"t{i}")).ToArray();

    [Fact]
    public void Split_layers_are_cloud_only_then_cuts_spread_over_the_graph_then_edge_only()
    {
        var space = new LiveSplitSpace(Cuts, computeNodes: 40, cutCount: 4);

        Assert.Equal([-1, 0, 9, 18, 27, 39], space.AfterNodes);
        Assert.Equal(-1, space.AfterNode(new Configuration(0, 1800, "off", true)));
        Assert.Equal(39, space.AfterNode(new Configuration(5, 1800, "std", false)));
    }

    [Fact]
    public void The_papers_validity_rules_apply_to_the_live_extremes()
    {
        var space = new LiveSplitSpace(Cuts, computeNodes: 40, cutCount: 4).Space;

        Assert.False(space.IsValid(new Configuration(0, 1800, "max", false))); // no accelerator when nothing runs on the edge
        Assert.False(space.IsValid(new Configuration(5, 1800, "off", true)));  // no cloud GPU when nothing runs in the cloud
        Assert.True(space.IsValid(new Configuration(2, 600, "std", true)));
        Assert.Throws<ArgumentException>(() => new LiveSplitSpace([], 40, 4));
    }
}
