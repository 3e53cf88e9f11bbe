using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Evaluation;

namespace Splitwise.Testbed.Tests.Evaluation;

/// <summary>
/// The controller evaluation on a tiny run (GPT-2 XL on an Orin NX, 12 requests per world, two seeds): deterministic,
/// on the evaluation links only, a row per policy (the clairvoyant one added), a learned policy without its file shown
/// as not trained, and the means and standings consistent with the per-seed rows.
/// </summary>
public class ControllerEvaluationTests
{
    private static readonly Scenario Tiny = Scenarios.Get("office") with { Model = "gpt2-xl", CloudUtilisation = 0.3 };

    private static readonly EvaluationPlan Plan = new([Tiny], [0, 1], 12, ["edge-only", "cloud-only", "neurosurgeon", "drift-plus-penalty", LearnedPolicies.Controller],
        PolicyDirectory: Path.Combine(Path.GetTempPath(), "no-policies-here"));

    private static readonly Lazy<IReadOnlyList<ScenarioResult>> Once = new(() => ControllerEvaluation.Run(Plan));

    [Fact]
    public void The_same_plan_gives_the_same_figures()
    {
        var again = ControllerEvaluation.Run(Plan);
        static IEnumerable<PolicyMetrics> Rows(IReadOnlyList<ScenarioResult> r) =>
            r.SelectMany(s => s.Seeds.SelectMany(x => x.Policies).Concat(s.Means)).Select(m => m with { WallSeconds = 0 });
        Assert.Equal(Rows(Once.Value), Rows(again));
    }

    [Fact]
    public void Every_world_runs_on_the_scenario_evaluation_link_never_a_training_trace()
    {
        var seeds = Once.Value.Single().Seeds;
        Assert.Equal([0, 1], seeds.Select(s => s.Seed));
        foreach (var s in seeds)
        {
            Assert.Equal(TraceSplit.Link(Tiny.Link, s.Seed, training: false).Description, s.Link);
            Assert.Equal(12, s.Requests);
            if (!TraceSplit.Available(Tiny.Link))
                continue;
            // With the real traces here: the seed's evaluation file, and no training file.
            Assert.Contains(TraceSplit.Evaluation(Tiny.Link)[s.Seed % TraceSplit.Evaluation(Tiny.Link).Count], s.Link);
            Assert.DoesNotContain(TraceSplit.Training(Tiny.Link), f => s.Link.Contains(f, StringComparison.Ordinal));
        }

        // The worlds the policies saw are those links too.
        var seen = new List<string>();
        ControllerEvaluation.Run(Plan with { Policies = ["cloud-only"] }, create: (world, name) =>
        {
            seen.Add(world.Link.Description);
            return world.Policy(name);
        });
        Assert.Equal(seeds.SelectMany(s => new[] { s.Link, s.Link }), seen);
    }

    [Fact]
    public void Every_policy_has_a_row_on_every_seed_with_the_clairvoyant_added_and_the_untrained_learner_named()
    {
        var result = Once.Value.Single();
        Assert.Equal(["edge-only", "cloud-only", "neurosurgeon", "drift-plus-penalty", "splitwise", "clairvoyant"], result.Means.Select(m => m.Policy));
        foreach (var seed in result.Seeds)
        {
            Assert.Equal(result.Means.Select(m => m.Policy), seed.Policies.Select(p => p.Policy));
            Assert.All(seed.Policies.Where(p => p.IsOk), p => Assert.Equal(12, p.Served));
            Assert.Equal(1.0, seed.Row("clairvoyant")!.OverClairvoyant, 12);
            // No policy beats the bound.
            Assert.All(seed.Policies.Where(p => p.IsOk), p => Assert.True(p.MeanOverBound >= 1 - 1e-9, $"{p.Policy}: {p.MeanOverBound}"));
        }

        var learned = result.Mean(LearnedPolicies.Controller)!;
        Assert.Equal(RunStatus.NotTrained, learned.Status);
        Assert.StartsWith("not trained (run: ", learned.Note);
        Assert.Contains("train-policy --scenario office", learned.Note);
        Assert.Equal(0, result.Comparison(LearnedPolicies.Controller)!.Rank);
    }

    [Fact]
    public void An_unusable_policy_file_is_a_row_that_says_why_and_the_rest_still_runs()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"bad-policies-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "splitwise-office.policy"), "not a policy");
            var result = ControllerEvaluation.Run(new EvaluationPlan([Tiny], [0], 3, ["cloud-only", LearnedPolicies.Controller], PolicyDirectory: dir)).Single();
            var learned = result.Mean(LearnedPolicies.Controller)!;
            Assert.Equal(RunStatus.BadFile, learned.Status);
            Assert.StartsWith("bad policy file: ", learned.Why);
            Assert.True(result.Mean("cloud-only")!.IsOk);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Means_average_the_seeds_and_standings_follow_them()
    {
        var result = Once.Value.Single();
        foreach (var m in result.Means.Where(m => m.IsOk))
        {
            var rows = result.Seeds.Select(s => s.Row(m.Policy)!).ToArray();
            Assert.Equal(rows.Average(r => r.MeanLatencySeconds), m.MeanLatencySeconds, 9);
            Assert.Equal(rows.Average(r => r.OverClairvoyant), m.OverClairvoyant, 9);
            Assert.Equal(rows.Sum(r => r.Served), m.Served);
            var c = result.Comparison(m.Policy)!;
            Assert.Equal(rows.Max(r => r.OvershootPercent.Max), c.WorstSeedOvershootPercent, 9);
        }

        var ok = result.Means.Where(m => m.IsOk && m.Policy != "clairvoyant").ToArray();
        Assert.All(ok, m => Assert.Equal(1 + ok.Count(x => x.MeanLatencySeconds < m.MeanLatencySeconds), result.Comparison(m.Policy)!.Rank));
        var layerwise = result.Means.Where(m => m.IsOk && ScenarioResult.LayerwisePartitioners.Contains(m.Policy)).MinBy(m => m.MeanLatencySeconds)!;
        Assert.Equal(layerwise.Policy, result.BestLayerwise);
        Assert.Equal(1.0, result.Comparison(layerwise.Policy)!.LatencyTimesLowerThanLayerwise, 12);
        Assert.Equal(0.0, result.Comparison("cloud-only")!.P95LowerThanCloudOnlyPercent, 12);
    }
}
