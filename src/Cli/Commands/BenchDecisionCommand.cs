using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Policies;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench decision`: how long one decision of a controller takes, and what it allocates, on observations the
/// environment produced: the shipped learned policy (plain C# forward pass) and, for comparison, the myopic
/// drift-plus-penalty controller. Target of the issue: p99 &lt;= 1 ms.
/// </summary>
public sealed class BenchDecisionCommand : ICliCommand
{
    public string Name => "bench decision";

    public string Summary => "decision latency (p50/p95/p99) and allocations per decision of the learned controller and the drift-plus-penalty controller";

    public void Declare(CliSpec spec) => spec
        .Text("scenario", $"the world whose evaluation trace makes the observations: {string.Join(", ", Scenarios.Names)} (default commuter)", [.. Scenarios.Names])
        .Text("policies", "comma-separated policies to time (default splitwise,drift-plus-penalty)")
        .Text("policy-dir", "where the learned policies' files are (default policies)")
        .Int("observations", "observations to decide on, each timed (default 10,000)", min: 1, max: 10_000_000)
        .Int("seed", "seed of the world (default 1)")
        .Json();

    public int Run(CliArgs args)
    {
        var scenario = Scenarios.Get(args.Get("scenario", "commuter"));
        var names = PolicyCatalog.Parse(args.Get("policies", "splitwise,drift-plus-penalty"));
        var count = args.GetInt("observations", 10_000);
        var seed = args.GetInt("seed", 1);
        var directory = args.Get("policy-dir");
        var world = new World(scenario, seed);
        // The observations: the environment driven by cloud-only (so every controller is timed on the same states), in order.
        var (observations, samples) = Collect(world, count);
        BenchOutput.PrintMethod($"bench decision: scenario {scenario.Name} ({scenario.Model} on {scenario.Device}), seed {seed}, evaluation link {world.Link.Description}. "
            + $"{count} observations from SplitEnvironment (cloud-only driving it, the request queue and link as they came, restarting when the requests ran out). "
            + "Per policy: one untimed pass over all of them (warm-up: JIT, caches, each plan built once), then a timed pass: each Decide(observation) alone, Stopwatch ticks, "
            + "the policy fed each epoch's budget usage after it (as in the environment, not timed); allocations = GC.GetAllocatedBytesForCurrentThread over the timed pass / decisions. "
            + $"One thread, Release build, {System.Environment.ProcessorCount} cores shared with other work.");
        var rows = new List<object>();
        Console.WriteLine($"{"policy",-22} {"p50 us",9} {"p95 us",9} {"p99 us",9} {"max us",9} {"mean us",9} {"bytes/decision",15}");
        foreach (var name in names)
        {
            var policy = world.Policy(name, policyDirectory: directory);
            Pass(policy, observations, samples, null);
            var micros = new double[observations.Count];
            var before = GC.GetAllocatedBytesForCurrentThread();
            Pass(policy, observations, samples, micros);
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)observations.Count;
            var sorted = micros.Order().ToArray();
            double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            Console.WriteLine($"{policy.Name,-22} {F(P(0.5)),9} {F(P(0.95)),9} {F(P(0.99)),9} {F(sorted[^1]),9} {F(micros.Average()),9} {F(bytes, 1),15}");
            rows.Add(new { policy = policy.Name, p50_us = P(0.5), p95_us = P(0.95), p99_us = P(0.99), max_us = sorted[^1], mean_us = micros.Average(), bytes_per_decision = bytes, target_p99_us = 1000, met = P(0.99) <= 1000 });
        }

        if (args.Json)
            BenchOutput.PrintJson(new { bench = "decision", scenario = scenario.Name, seed, observations = observations.Count, policies = rows, machine = System.Environment.ProcessorCount + " cores" });
        return 0;
    }

    private static (List<Observation> Observations, List<BudgetSample> Samples) Collect(World world, int count)
    {
        var context = world.Setup.Context;
        var cloud = context.PlanOf(OracleSolver.AllCloud(context.Model));
        var observations = new List<Observation>(count);
        var samples = new List<BudgetSample>(count);
        var env = SplitEnvironment.Reset(world);
        while (observations.Count < count)
        {
            if (env.Done)
                env = SplitEnvironment.Reset(world);
            observations.Add(env.Observation);
            var b = env.Step(cloud).Outcome.Budgets;
            samples.Add(new BudgetSample(b.EdgePower, b.CloudSpend, b.CodecLoss));
        }

        return (observations, samples);
    }

    private static void Pass(IPolicy policy, List<Observation> observations, List<BudgetSample> samples, double[]? micros)
    {
        var observer = policy as IOutcomeObserver;
        for (var i = 0; i < observations.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            policy.Decide(observations[i]);
            var end = Stopwatch.GetTimestamp();
            if (micros is not null)
                micros[i] = (end - start) * 1e6 / Stopwatch.Frequency;
            observer?.Observe(samples[i]);
        }
    }

    private static string F(double v, int decimals = 1) => BenchOutput.F(v, decimals);
}
