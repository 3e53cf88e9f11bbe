using Splitwise.Testbed.Controller;
using Splitwise.Planning.Migration;
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

        // Each switch's KV caches cross the link before the next token runs, as live (MigrationLink): at most one
        // group's one-way time on the slowest state of this link, and only right after a changed plan applied.
    }

    [Fact]
    public void APlanChangesKvCachesCrossTheLinkBeforeTheNextToken()
    {
        // All on the edge, then a policy that offloads everything: every head group's cache of the positions held so far
        // goes up a 0.1 Mbit/s link, and the next token waits for one group's one-way time from when the plan applied.
        var setup = LivePoliciesTests.Setup(callOverheadSeconds: 0.005);
        var link = new ConstantLink(0.1, 0.1, 40);
        var edge = setup.Context.PlanOf(setup.Context.Cut(setup.Shape.NLayer));
        var cloud = setup.Context.PlanOf(setup.Context.Cut(0));
        var (tokens, decisions) = SimulatedControllerRun.Run(setup, new Always(cloud), link, edge, 12, 16);

        var switched = Assert.Single(decisions, d => d.Changed);
        var waited = Assert.Single(tokens, t => t.MoveWaitSeconds > 0);
        var held = 12 + waited.Index - 1;
        var oneGroup = link.OneWay(TimeSpan.Zero, KvMove.GroupBytes(cloud.Spec.KvHeadsPerGroup, setup.Shape.HeadDim, held), LinkDirection.Uplink).TotalSeconds;
        Assert.Equal(switched.TimeSeconds + oneGroup, waited.StartSeconds + waited.MoveWaitSeconds, 9);
        Assert.Contains('C', waited.Placement);
    }

    private sealed class Always(Splitwise.Contracts.Plans.PartitionPlan plan) : Splitwise.Planning.Policies.IPolicy
    {
        public string Name => "always";

        public Splitwise.Contracts.Plans.PartitionPlan Decide(Splitwise.Planning.Policies.Observation observation) => plan;
    }
}
