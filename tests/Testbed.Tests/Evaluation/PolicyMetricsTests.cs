using Splitwise.Testbed.Bounds;
using Splitwise.Testbed.Budgets;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Evaluation;

namespace Splitwise.Testbed.Tests.Evaluation;

/// <summary>The figures of one run on a hand-made outcome: usage as time averages over the run, overshoot = usage - 1 (at least 0), ratios to the bound.</summary>
public class PolicyMetricsTests
{
    private static readonly Budgets.Budgets ThreeWatts = new(3, 0.36, 0.002);

    private static EpochOutcome Epoch(long e, double joules, double dollars, int tokens, double loss, params CompletedRequest[] done) =>
        new(e, e, done, tokens, joules, dollars, 0, 0, 0, loss, default, false, 0);

    private static CompletedRequest Done(int id, double latency, double ttft, double joules) => new(id, 0, 0, ttft, latency, joules, 0.0001, 0, 0, 0, 0);

    private static EnvironmentRun.Result Run(params EpochOutcome[] epochs) =>
        new("hand-made", epochs.SelectMany(e => e.Completed).ToArray(), epochs, 0, 0.5, null);

    [Fact]
    public void Usage_is_the_time_average_over_the_run_and_overshoot_what_exceeds_one()
    {
        // 4 one-second epochs: 3 + 3 + 3 + 3.3 J = 3.075 W against 3 W (2.5% over); USD 0.00005 per second = 0.18 USD/h,
        // half of 0.36; codec loss weighted by tokens: (10 x 0.002 + 10 x 0.00242) / 20 = 0.00221 against 0.002 (10.5% over).
        var run = Run(
            Epoch(0, 3, 0.00005, 10, 0.002),
            Epoch(1, 3, 0.00005, 0, 0.5, Done(0, 2, 0.5, 4)),
            Epoch(2, 3, 0.00005, 10, 0.00242),
            Epoch(3, 3.3, 0.00005, 0, 0, Done(1, 4, 1.5, 8)));
        var bound = new LatencyLowerBound.Result([1, 2], [0.2, 0.4]);

        var m = PolicyMetrics.From(run, ThreeWatts, bound, epochSeconds: 1);

        Assert.Equal(RunStatus.Ok, m.Status);
        Assert.Equal(2, m.Served);
        Assert.Equal(3.075, m.EdgePowerW, 12);
        Assert.Equal(1.025, m.Usage.EdgePower, 12);
        Assert.Equal(2.5, m.OvershootPercent.EdgePower, 9);
        Assert.Equal(0.5, m.Usage.CloudSpend, 12);
        Assert.Equal(0, m.OvershootPercent.CloudSpend);
        Assert.Equal(0.00221, m.CodecLossBitsPerByte, 12);
        Assert.Equal(10.5, m.OvershootPercent.CodecLoss, 9);
        Assert.Equal(10.5, m.OvershootPercent.Max, 9);
        Assert.False(m.BudgetsHeld());
        Assert.Equal(3, m.MeanLatencySeconds, 12);
        Assert.Equal(4, m.P95LatencySeconds, 12);
        Assert.Equal(1, m.MeanTtftSeconds, 12);
        Assert.Equal(6, m.EdgeEnergyJPerRequest, 12);
        Assert.Equal(0.18, m.CloudDollarsPerHour, 12);
        Assert.Equal(2, m.MeanOverBound, 12);
        Assert.Equal(2, m.P95OverBound, 12);
    }

    [Fact]
    public void An_infinite_budget_never_overshoots_and_a_run_under_budget_holds()
    {
        var run = Run(Epoch(0, 100, 1, 10, 0.5, Done(0, 1, 0.5, 100)));
        var m = PolicyMetrics.From(run, new Budgets.Budgets(200, double.PositiveInfinity, double.PositiveInfinity), new LatencyLowerBound.Result([1], [0.5]), 1);
        Assert.Equal(new BudgetFigures(0.5, 0, 0), m.Usage);
        Assert.Equal(new BudgetFigures(0, 0, 0), m.OvershootPercent);
        Assert.True(m.BudgetsHeld());
    }

    [Fact]
    public void Unstable_and_infeasible_runs_have_no_figures_and_say_why()
    {
        var bound = new LatencyLowerBound.Result([1], [0.5]);
        var unstable = new EnvironmentRun.Result("p", [], [Epoch(0, 1, 0, 0, 0)], 0, 0, "edge queue passed 200");
        Assert.Equal(RunStatus.Unstable, PolicyMetrics.From(unstable, ThreeWatts, bound, 1).Status);
        Assert.Equal("edge queue passed 200", PolicyMetrics.From(unstable, ThreeWatts, bound, 1).Note);
        var refused = new EnvironmentRun.Result("p", [Done(0, 1, 1, 1)], [Epoch(0, 1, 0, 0, 0) with { PlanRejected = true }], 1, 0, null);
        var m = PolicyMetrics.From(refused, ThreeWatts, bound, 1);
        Assert.Equal(RunStatus.Infeasible, m.Status);
        Assert.True(double.IsNaN(m.MeanLatencySeconds));
    }
}
