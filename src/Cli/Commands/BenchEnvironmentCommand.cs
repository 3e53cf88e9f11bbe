using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Policies;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench environment`: how fast the steppable environment runs decision epochs (what training a controller needs):
/// a seeded random policy picks a fresh cut every epoch (so plans change and KV caches move), requests are re-served
/// from the start when the scenario's run out; the world's construction is timed apart.
/// </summary>
public sealed class BenchEnvironmentCommand : ICliCommand
{
    private const double SwitchChance = 0.05;

    public string Name => "bench environment";

    public string Summary => "decision epochs per second of the steppable environment";

    public void Declare(CliSpec spec) => spec
        .Text("scenario", "the world (default office)", [.. Scenarios.Names])
        .Text("model", "model preset (default: the scenario's)")
        .Text("device", "edge device preset (default: the scenario's)")
        .Int("epochs", "decision epochs per measurement (default 100,000)", min: 1)
        .Int("seed", "seed of the world and of the random policy (default 1)")
        .Json();

    public int Run(CliArgs args)
    {
        var scenario = Scenarios.Get(args.Get("scenario", "office"));
        scenario = scenario with { Model = args.Get("model", scenario.Model), Device = args.Get("device", scenario.Device) };
        var epochs = args.GetInt("epochs", 100_000);
        var seed = args.GetInt("seed", 1);
        var build = Stopwatch.StartNew();
        var world = new World(scenario, seed);
        var buildSeconds = build.Elapsed.TotalSeconds;
        var context = world.Setup.Context;
        var layers = context.Model.Shape.NLayer;
        var plans = Enumerable.Range(0, layers + 1).Select(k => context.PlanOf(context.Cut(k))).ToArray();
        BenchOutput.PrintMethod($"bench environment: scenario {scenario.Name} ({scenario.Model} on {scenario.Device}), seed {seed}; {epochs} decision epochs of {world.Timeline.EpochSeconds:G3} s, a seeded random policy switching with chance {SwitchChance} per epoch to one of the {plans.Length} layer cuts, measured twice: applied from the next request on, and to the request in service (moving KV caches); "
                                + "stepped through SplitEnvironment.Step (KV moves, shared-cloud slowdown, budgets, past-only observation); a fresh run on the same world when all requests completed. Wall time on this machine, one thread; the world's construction (link, cloud load replay, plan coster) timed apart.");
        var perRequest = Measure(world, plans, epochs, seed, moveInFlight: false);
        var inFlight = Measure(world, plans, epochs, seed, moveInFlight: true);
        foreach (var (name, m) in new[] { ("plans per request", perRequest), ("plans in flight", inFlight) })
            Console.WriteLine($"{name,-18}: {epochs} epochs in {m.Wall:F2} s ({epochs / m.Wall:F0} epochs/s); {m.Completed} requests completed over {m.Runs} run(s); {m.Migrated / 1e6:F1} MB of KV caches moved");
        Console.WriteLine($"world built in {buildSeconds:F2} s");
        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                bench = "environment", scenario = scenario.Name, model = scenario.Model, device = scenario.Device, seed, epochs, build_s = buildSeconds,
                per_request = new { wall_s = perRequest.Wall, epochs_per_s = epochs / perRequest.Wall, completed = perRequest.Completed, runs = perRequest.Runs },
                in_flight = new { wall_s = inFlight.Wall, epochs_per_s = epochs / inFlight.Wall, completed = inFlight.Completed, runs = inFlight.Runs, migrated_bytes = inFlight.Migrated },
                machine = System.Environment.ProcessorCount + " cores",
            });
        }

        return 0;
    }

    private static (double Wall, long Completed, long Runs, long Migrated) Measure(World world, PartitionPlan[] plans, int epochs, int seed, bool moveInFlight)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var env = SplitEnvironment.Reset(world);
        long completed = 0, migrated = 0, runs = 1;
        var plan = plans[0];
        for (var e = 0; e < epochs; e++)
        {
            if (env.Done)
                (env, runs) = (SplitEnvironment.Reset(world), runs + 1);
            if (random.NextDouble() < SwitchChance)
                plan = plans[random.Next(plans.Length)];
            var (_, outcome) = env.Step(plan, moveInFlight);
            completed += outcome.Completed.Count;
            migrated += outcome.MigratedBytes;
        }

        return (clock.Elapsed.TotalSeconds, completed, runs, migrated);
    }
}
