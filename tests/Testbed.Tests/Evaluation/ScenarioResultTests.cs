using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Evaluation;

namespace Splitwise.Testbed.Tests.Evaluation;

/// <summary>Standings and issue 11's targets on hand-made rows: the best layer-wise partitioner, the paper's ratios, ranks, verdicts.</summary>
public class ScenarioResultTests
{
    private static PolicyMetrics Row(string policy, double mean, double p95, double joules, double overshoot = 0, double overClairvoyant = double.NaN) =>
        new(policy, RunStatus.Ok, null, 10, mean, p95, 1, joules, 2, 0, 0, 0, new BudgetFigures(1 + overshoot / 100, 0, 0),
            new BudgetFigures(overshoot, 0, 0), mean / 5, p95 / 10, 0) { OverClairvoyant = overClairvoyant };

    private static ScenarioResult Result(params PolicyMetrics[][] seeds) =>
        new(Scenarios.Get("commuter"), seeds.Select((rows, i) => new SeedResult(i, "link", 10, 5, 10, 1, rows)).ToArray());

    [Fact]
    public void The_paper_comparisons_use_the_fastest_layerwise_partitioner_and_cloud_only()
    {
        var result = Result(
        [
            Row("cloud-only", 30, 100, 50), Row("neurosurgeon", 20, 60, 80), Row("edge-only", 40, 90, 200),
            Row("greedy", 10, 30, 10), Row("drift-plus-penalty", 12, 40, 60), Row("splitwise", 10, 40, 40, 0.5, 1.02),
            Row("clairvoyant", 9.8, 35, 40, 0, 1),
        ]);

        Assert.Equal("neurosurgeon", result.BestLayerwise);
        var s = result.Comparison("splitwise")!;
        Assert.Equal(2.0, s.LatencyTimesLowerThanLayerwise, 12);
        Assert.Equal(50.0, s.EnergySavingVsLayerwisePercent, 12);
        Assert.Equal(60.0, s.P95LowerThanCloudOnlyPercent, 12);
        // Equal to greedy is not below it; the clairvoyant is not ranked.
        Assert.False(s.BelowEveryBaseline);
        Assert.Equal(["greedy"], s.NotBelow);
        Assert.Equal(6, s.Ranked);
        Assert.Equal(1, result.Comparison("greedy")!.Rank);
        Assert.Equal(1, s.Rank);
        Assert.Equal(3, result.Comparison("drift-plus-penalty")!.Rank);

        var verdicts = TargetCheck.For(result, "splitwise").ToDictionary(t => t.Target, t => t.Met);
        Assert.True(verdicts["budgets held"]);
        Assert.True(verdicts["latency vs clairvoyant"]);
        Assert.False(verdicts["below every baseline and DPP"]);
        Assert.Null(verdicts["ratio to the bound"]);
        Assert.True(verdicts["latency vs best layer-wise"]);
        Assert.True(verdicts["edge energy vs best layer-wise"]);
        Assert.True(verdicts["p95 vs cloud-only"]);
    }

    [Fact]
    public void Budgets_are_judged_on_the_worst_seed_and_a_policy_not_ok_on_one_seed_is_not_averaged()
    {
        var result = Result(
            [Row("cloud-only", 30, 100, 50), Row("drift-plus-penalty", 12, 40, 60, 0.4, 1.1)],
            [Row("cloud-only", 20, 80, 50), Row("drift-plus-penalty", 14, 40, 60, 1.6, 1.2)],
            [Row("cloud-only", 25, 90, 50) with { Status = RunStatus.Unstable, Note = "queue" }, Row("drift-plus-penalty", 13, 40, 60, 0, 1.3)]);

        var dpp = result.Mean("drift-plus-penalty")!;
        Assert.Equal(13, dpp.MeanLatencySeconds, 12);
        Assert.Equal(1.2, dpp.OverClairvoyant, 12);
        Assert.Equal(1.6, result.Comparison("drift-plus-penalty")!.WorstSeedOvershootPercent, 12);
        Assert.False(TargetCheck.For(result, "drift-plus-penalty").Single(t => t.Target == "budgets held").Met);
        Assert.False(TargetCheck.For(result, "drift-plus-penalty").Single(t => t.Target == "latency vs clairvoyant").Met);

        var cloud = result.Mean("cloud-only")!;
        Assert.Equal(RunStatus.Unstable, cloud.Status);
        Assert.Equal("1 of 3 seeds: queue", cloud.Note);
        Assert.Null(result.BestLayerwise);
        // A reference that is not stable does not stand in the way.
        Assert.True(result.Comparison("drift-plus-penalty")!.BelowEveryBaseline);
    }
}
