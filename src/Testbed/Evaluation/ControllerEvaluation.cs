using Splitwise.Planning.Policies;
using Splitwise.Testbed.Bounds;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;

namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// The controller evaluation (`bench controller`): for each scenario and seed, one <see cref="World"/> on the scenario's
/// EVALUATION link (<see cref="TraceSplit.Link"/> without training, or the flakiest evaluation trace; never a training
/// trace), its lower bound, and every policy driven through the same world by <see cref="EnvironmentRun"/>; then each
/// scenario's means over seeds and each policy's standing (<see cref="ScenarioResult"/>). Deterministic: a world and a
/// policy are functions of (scenario, seed). A learned policy whose file is missing gets a "not trained" row.
/// </summary>
public static class ControllerEvaluation
{
    /// <summary>How a policy is made on a world; the default is the catalog's (<see cref="World.Policy"/>).</summary>
    public delegate IPolicy PolicyFactory(World world, string name);

    public static IReadOnlyList<ScenarioResult> Run(EvaluationPlan plan, Action<int, string>? progress = null, PolicyFactory? create = null)
    {
        create ??= (world, name) => world.Policy(name, policyDirectory: plan.PolicyDirectory);
        var done = 0;
        var results = new List<ScenarioResult>();
        foreach (var group in plan.Worlds.GroupBy(w => w.Scenario.Name))
        {
            var seeds = new List<SeedResult>();
            foreach (var (scenario, seed) in group)
            {
                seeds.Add(RunWorld(plan, scenario, seed, create, name => progress?.Invoke(++done, $"{scenario.Name} seed {seed} {name}")));
            }

            results.Add(new ScenarioResult(group.First().Scenario, seeds));
        }

        return results;
    }

    /// <summary>The world of (scenario, seed) on the evaluation link: what every policy of the plan runs on.</summary>
    public static World EvaluationWorld(Scenario scenario, int seed) =>
        new(scenario, seed, scenario.FlakiestTrace ? TraceSplit.Flakiest(scenario.Link, seed) : TraceSplit.Link(scenario.Link, seed, training: false));

    private static SeedResult RunWorld(EvaluationPlan plan, Scenario scenario, int seed, PolicyFactory create, Action<string> ran)
    {
        var world = EvaluationWorld(scenario, seed);
        var bound = LatencyLowerBound.Of(world);
        var rows = new List<PolicyMetrics>();
        foreach (var name in plan.PoliciesToRun)
        {
            rows.Add(RunPolicy(world, name, create, bound, plan.MoveInFlight));
            ran(name);
        }

        var clairvoyant = rows.First(r => r.Policy == EvaluationPlan.Clairvoyant);
        rows = rows.Select(r => r.IsOk && clairvoyant.IsOk ? r with { OverClairvoyant = r.MeanLatencySeconds / clairvoyant.MeanLatencySeconds } : r).ToList();
        return new SeedResult(seed, world.Link.Description, world.Requests.Count, bound.Mean, bound.Percentile(0.95), bound.MeanTtft, rows);
    }

    private static PolicyMetrics RunPolicy(World world, string name, PolicyFactory create, LatencyLowerBound.Result bound, bool moveInFlight)
    {
        IPolicy policy;
        try
        {
            policy = create(world, name);
        }
        catch (MissingPolicyException e)
        {
            return PolicyMetrics.Missing(name, RunStatus.NotTrained, LearnedPolicies.NotTrainedNote(e.TrainCommand));
        }
        catch (PolicyFileException e)
        {
            // One stale file (trained before the network changed) must not cost the rest of the evaluation.
            return PolicyMetrics.Missing(name, RunStatus.BadFile, e.Message);
        }

        var run = EnvironmentRun.Run(world, policy, moveInFlight);
        return PolicyMetrics.From(run, world.Scenario.Budgets, bound, world.Timeline.EpochSeconds);
    }
}
