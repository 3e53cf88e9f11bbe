using Splitwise.Cli.Bench;
using Splitwise.Testbed.Bounds;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;
using Splitwise.Testbed.Traces;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `simulate --scenario NAME`: every requested policy driven through the steppable environment on one shipped world
/// (<see cref="Scenarios"/>), with the lower bound (and with --plots DIR the plots `simulate` draws); `--trace FILE` puts another link trace under the scenario,
/// `--model`, `--device`, `--requests`, `--seed` override its parts.
/// </summary>
public static class ScenarioSimulation
{
    // The measured curve's slowdown shape times the A100 roofline's lone step: this host's batching, not an A100's.
    private static string CurveNote(CliArgs args, World world) => world.Cloud.Gpu.Curve is { } curve
        ? $", a batch's decode step = a lone step x the slowdown measured on this host by `bench batching` ({args.Get("batch-curve")}, {args.Get("batch-curve-model", "gpt2-small")}: "
          + string.Join(", ", curve.Points.Select(p => $"{p.Batch}: {curve.Slowdown(p.Batch):F2}x")) + ") in place of the roofline's batch term"
        : "";

    private static Splitwise.Testbed.Cloud.BatchCurve? Curve(CliArgs args)
    {
        if (args.Get("batch-curve") is not { } file)
            return null;
        if (!File.Exists(file))
            throw new CliUsageException($"--batch-curve: '{file}' is not an existing file");
        try
        {
            return Splitwise.Testbed.Cloud.BatchCurve.FromBenchJson(LastJsonLine(File.ReadAllLines(file)), args.Get("batch-curve-model", "gpt2-small"));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CliUsageException($"--batch-curve: '{file}' is not a bench batching --json output with that model's curve: {e.Message}");
        }
    }

    // A bench's --json output is its method lines, its table, then one JSON object on the last line.
    private static string LastJsonLine(string[] lines) =>
        lines.LastOrDefault(l => l.TrimStart().StartsWith('{')) ?? throw new ArgumentException("no line holds a JSON object");

    public static int Run(CliArgs args, string name)
    {
        var scenario = Scenarios.Get(name);
        scenario = scenario with
        {
            Model = args.Get("model", scenario.Model), Device = args.Get("device", scenario.Device),
            Requests = args.GetInt("requests", scenario.Requests), Codec = args.Get("codec", scenario.Codec),
        };
        if (scenario.Requests <= 0)
            throw new CliUsageException($"--requests must be positive, got {scenario.Requests}");
        var seed = args.GetInt("seed", 1);
        var policies = PolicyCatalog.Parse(args.Get("policies", "all"));
        var trace = args.Get("trace");
        if (trace is not null && !File.Exists(trace))
            throw new CliUsageException($"--trace: '{trace}' is not an existing trace file");
        World world;
        try
        {
            world = new World(scenario, seed, trace is null ? null : TraceFiles.Load(trace, new TraceOptions(Loop: true)), batchCurve: Curve(args));
        }
        catch (TraceFormatException e)
        {
            throw new CliUsageException(e.Message);
        }

        var bound = LatencyLowerBound.Of(world);
        BenchOutput.PrintMethod(
            $"""
            simulate --scenario {scenario.Name}: {scenario.Description}. Seed {seed}, {world.Requests.Count} requests, Poisson at {world.ArrivalRatePerSecond:G3}/s = {scenario.EdgeLoad:G2} x the rate a cloud-only edge serves on the median link ({world.CloudOnlySeconds:F2} s per mean request).
            model {scenario.Model}, edge {world.Setup.Edge.Name}, codec {scenario.Codec}; link: {world.Link.Description}.
            cloud: {world.Cloud.Load.Description}; continuous batching on the A100 roofline{CurveNote(args, world)}; price {world.Cloud.PricePerGpuHour}.
            budgets: {scenario.Budgets}. Sources: {scenario.Sources}.
            environment: one epoch of {world.Timeline.EpochSeconds:G3} s per decision; a policy decides every epoch; {(args.Has("move-in-flight") ? "the request in service switches at its next token, KV caches of moved head groups crossing the link" : "a new plan applies from the next request (--move-in-flight: at the next token, moving KV caches)")}; FIFO edge queue, one request in service.
            bound: each token at the least time any plan takes on the true link and cloud load, FIFO waits of those (README, World); ratio = policy / bound (mean, p95).
            """);
        var results = policies.Select(p => EnvironmentRun.Run(world, world.Policy(p, policyDirectory: args.Get("policy-dir")), args.Has("move-in-flight"))).ToList();
        var rows = results.Select(r => ScenarioSummary.From(r, scenario.Budgets, bound)).ToList();
        Console.WriteLine($"{"policy",-16} {"mean s",8} {"p50 s",8} {"p95 s",8} {"p99 s",8} {"ttft s",7} {"edge J",8} {"edge W",7} {"USD/h",7} {"KV kB",7} {"over%",6} {"x bound",8} {"p95 x",7}  budgets exceeded");
        foreach (var r in rows)
        {
            if (r.Infeasible)
            {
                Console.WriteLine($"{r.Policy,-16} infeasible: the edge memory refused every plan it chose ({scenario.Model} on {scenario.Device})");
                continue;
            }

            if (r.Unstable is not null)
            {
                Console.WriteLine($"{r.Policy,-16} unstable: {r.Unstable}");
                continue;
            }

            Console.WriteLine($"{r.Policy,-16} {F(r.MeanLatencySeconds),8} {F(r.P50LatencySeconds),8} {F(r.P95LatencySeconds),8} {F(r.P99LatencySeconds),8} {F(r.MeanTtftSeconds),7} "
                              + $"{F(r.EdgeEnergyJPerRequest, 1),8} {F(r.EdgePowerW, 2),7} {F(r.CloudDollarsPerHour, 4),7} {F(r.MigratedKBPerRequest, 0),7} {F(r.EpochsOverBudgetPercent, 1),6} "
                              + $"{F(r.MeanOverBound),8} {F(r.P95OverBound),7}  {(r.BudgetsExceeded.Count == 0 ? "none" : string.Join("; ", r.BudgetsExceeded))}");
        }

        var lb = bound.LatencySeconds.Order().ToArray();
        Console.WriteLine($"{"lower bound",-16} {F(bound.Mean),8} {F(lb[(int)Math.Ceiling(0.5 * lb.Length) - 1]),8} {F(bound.Percentile(0.95)),8} {F(bound.Percentile(0.99)),8} {F(bound.MeanTtft),7}");
        var plots = args.Get("plots") is { } dir ? Plots(dir, results, scenario, world) : [];
        foreach (var p in plots)
            Console.WriteLine($"plot: {p}");
        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                command = "simulate", scenario = scenario.Name, seed, model = scenario.Model, device = scenario.Device, link = world.Link.Description,
                cloud = world.Cloud.Load.Description, requests = world.Requests.Count,
                bound = new { mean_latency_s = bound.Mean, p95_latency_s = bound.Percentile(0.95), p99_latency_s = bound.Percentile(0.99), mean_ttft_s = bound.MeanTtft },
                policies = rows,
                plots,
            });
        }

        return 0;
    }

    /// <summary>The same plots as `simulate` (latency CDF, p95 and energy bars, queue over time), from the environment's runs.</summary>
    private static List<string> Plots(string dir, IReadOnlyList<EnvironmentRun.Result> results, Scenario scenario, World world)
    {
        var runs = results.Select(r => new PolicyRun(r.Policy,
            r.Requests.Select(q => new RequestOutcome(q.Id, q.ArrivalSeconds, q.StartSeconds, q.TimeToFirstTokenSeconds, q.LatencySeconds, q.EdgeEnergyJ, 0,
                q.BytesUp, q.BytesDown, scenario.Codec, q.StalledSeconds)).ToArray(),
            r.Epochs.Select(e => new EpochSample(e.TimeSeconds, e.QueueLength, world.Timeline[e.Epoch].Up ? world.Timeline[e.Epoch].UplinkMbps : 0, e.PlanRejected)).ToArray(),
            r.Epochs.Count - r.Rejected, r.Rejected, r.Rejected == r.Epochs.Count ? "the edge memory refused every plan" : null, r.WallSeconds, r.Unstable)).ToList();
        return SimulatePlots.Write(dir, runs, runs.Select(PolicySummary.From).ToList(), $"{scenario.Name}-{scenario.Model}-{scenario.Device}");
    }

    private static string F(double v, int decimals = 3) => BenchOutput.F(v, decimals);
}
