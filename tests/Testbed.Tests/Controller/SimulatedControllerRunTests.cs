using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Tests.Controller;

public class SimulatedControllerRunTests
{
    [Fact]
    public void TheTwinFollowsTheCollapseAfterItsProbesAndIsDeterministic()
    {
        // A slow fabric (5 ms per grain call) so that 48 tokens span the trace.
        var setup = LivePoliciesTests.Setup(callOverheadSeconds: 0.005);
        var link = new PiecewiseLink([(TimeSpan.Zero, new LinkState(10_000, 10_000, 0.05)), (TimeSpan.FromSeconds(0.2), new LinkState(0.2, 0.2, 300)),
            (TimeSpan.FromSeconds(4), new LinkState(10_000, 10_000, 0.05))]);
        var start = setup.Context.PlanOf(setup.Context.Cut(setup.Shape.NLayer));
        (IReadOnlyList<SimulatedControllerRun.Token> Tokens, IReadOnlyList<SimulatedControllerRun.Decision> Decisions) Run() =>
            SimulatedControllerRun.Run(setup, LivePolicies.Create("drift-plus-penalty", setup), link, start, 12, 48);

        var (tokens, decisions) = Run();
        Assert.Equal(48, tokens.Count);
        // Edge through the collapse (its probes at 300 ms RTT delay the first decision after it), cloud once it is over.
        var collapse = decisions.Where(d => d.TimeSeconds is > 0.2 and < 4).ToArray();
        Assert.NotEmpty(collapse);
        Assert.All(collapse.Skip(1), d => Assert.Equal("E E E E", d.Placement));
        Assert.Contains('C', decisions[^1].Placement);
        Assert.Contains(tokens, t => t.StartSeconds > 4.5 && t.Placement.Contains('C', StringComparison.Ordinal));
        Assert.Equal(tokens.Select(t => t.Seconds), Run().Tokens.Select(t => t.Seconds));
    }
}
