using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Bounds;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Environment;

/// <summary>The property the bound claims: no policy, however it re-partitions, serves any request faster.</summary>
public class LowerBoundTests
{
    /// <summary>A fresh random plan every epoch: random head groups and FFN slices per stage (mixed plans included).</summary>
    private sealed class RandomPlans(PolicyContext context, int seed, double switchChance) : IPolicy
    {
        private readonly Random _random = new(seed);
        private PartitionPlan? _plan;

        public string Name => "random";

        public PartitionPlan Decide(Observation observation)
        {
            if (_plan is not null && _random.NextDouble() >= switchChance)
                return _plan;
            var m = context.Model;
            var k = _random.Next(4);
            var layout = k switch
            {
                0 => context.Cut(_random.Next(m.Shape.NLayer + 1)),
                _ => new PlanLayout(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
                {
                    Whole(StageKind.Attention, m.HeadGroups), Whole(StageKind.Ffn, m.FfnSlices),
                })),
            };
            return _plan = context.PlanOf(layout);
        }

        private StageLayout Whole(StageKind kind, int units)
        {
            var edge = _random.Next(units + 1);
            return StageLayout.Whole(kind, edge, units - edge);
        }
    }

    [Fact]
    public void Over_random_small_scenarios_no_policy_serves_any_request_faster_than_the_bound()
    {
        var random = new Random(11);
        var models = new[] { "gpt2-xl", "llama-7b" };
        var devices = new[] { "orin-nx", "rpi5", "s23" };
        var checkedRequests = 0;
        for (var trial = 0; trial < 8; trial++)
        {
            var scenario = Scenarios.All[random.Next(Scenarios.All.Count)] with
            {
                Model = models[trial % 2], Device = devices[random.Next(3)], Requests = 12,
                CloudUtilisation = new[] { 0.0, 0.5, 0.9 }[random.Next(3)], EdgeLoad = 0.2 + 0.8 * random.NextDouble(),
                MaxOutput = 64, MaxPrompt = 128,
            };
            var world = new Testbed.Environment.World(scenario, random.Next());
            var bound = LatencyLowerBound.Of(world);
            var policies = PolicyCatalog.Names.Select(n => (world.Policy(n), false)).ToList();
            policies.Add((new RandomPlans(world.Setup.Context, trial, 0.3), true));
            policies.Add((new RandomPlans(world.Setup.Context, trial + 100, 1), false));
            foreach (var (policy, move) in policies)
            {
                var run = EnvironmentRun.Run(world, policy, move, maxQueue: 1000);
                foreach (var r in run.Requests)
                {
                    Assert.True(r.LatencySeconds >= bound.LatencySeconds[r.Id] * (1 - 1e-9),
                        $"{scenario.Name}/{scenario.Model}/{scenario.Device} {policy.Name}: request {r.Id} took {r.LatencySeconds} s < bound {bound.LatencySeconds[r.Id]} s");
                    Assert.True(r.TimeToFirstTokenSeconds >= bound.TimeToFirstTokenSeconds[r.Id] * (1 - 1e-9),
                        $"{policy.Name}: request {r.Id} first token {r.TimeToFirstTokenSeconds} s < bound {bound.TimeToFirstTokenSeconds[r.Id]} s");
                    checkedRequests++;
                }
            }
        }

        Assert.True(checkedRequests > 500, $"only {checkedRequests} requests checked");
    }
}
