using Splitwise.Cli.Bench;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Tests.Bench;

public sealed class LiveControllerComparisonTests
{
    private static readonly PiecewiseLink Link = new([(TimeSpan.Zero, new LinkState(1000, 1000, 1)), (TimeSpan.FromSeconds(1), new LinkState(0.5, 0.5, 200))]);

    [Fact]
    public void Runs_phases_and_the_ratio_come_from_the_token_rows()
    {
        LiveControllerComparison.TokenRow Row(int i, double liveStart, double liveMs, string live, double simStart, double simMs, string sim) =>
            new(i, liveStart, liveMs, live, simStart, simMs, sim);
        var c = new LiveControllerComparison([
            Row(0, 0.0, 50, "E E", 0.0, 40, "E E"),
            Row(1, 0.2, 10, "C C", 0.1, 12, "C C"),
            Row(2, 0.5, 10, "C C", 0.2, 12, "C C"),
            Row(3, 1.2, 20, "E E", 1.1, 16, "C C"),
            Row(4, 1.4, 20, "E E", 1.3, 16, "E E"),
        ], Link);

        Assert.Equal(["E E", "C C", "E E"], c.LiveRuns.Select(r => r.Placement));
        Assert.True(c.SameSequence);
        Assert.Equal(4, c.SamePlacementTokens);
        Assert.Equal(15, c.LiveMeanMs, 9); // decode tokens only
        Assert.Equal(14, c.SimMeanMs, 9);
        Assert.True(c.Within25);
        var good = c.Phases.Single(p => p.Link.StartsWith("1000", StringComparison.Ordinal));
        Assert.Equal((2, 10.0, 2, 12.0), (good.LiveTokens, good.LiveMeanMs, good.SimTokens, good.SimMeanMs));
    }
}
