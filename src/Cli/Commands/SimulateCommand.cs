using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Testbed;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Simulation;
using Splitwise.Testbed.Traces;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `splitwise simulate`: the discrete-event simulation of one edge device and the cloud over a link trace, every
/// requested policy on the same requests and link; prints the method, one table row per policy, and with --plots
/// writes the latency CDF, p95 and energy bars and the queue over time.
/// </summary>
public sealed class SimulateCommand : ICliCommand
{
    public string Name => "simulate";

    public string Summary => "discrete-event simulation of the edge-cloud split: baselines, the clairvoyant policy, table and plots; --scenario NAME runs a shipped world with its lower bound";

    /// <summary>Options that only the plain simulation reads, and the one only a scenario reads: mixing them is refused.</summary>
    private static readonly string[] PlainOnly = ["cloud", "arrival-rate", "arrivals", "epoch", "route", "uplink-ratio", "prompt", "output", "max-queue", "oracle-horizon"];

    public void Declare(CliSpec spec)
    {
        spec
            .Text("scenario", $"run a shipped world with its lower bound: {string.Join(", ", Scenarios.Names)} (see README, World)", [.. Scenarios.Names])
            .Flag("move-in-flight", "with --scenario: a new plan applies to the request in service at its next token, moving KV caches")
            .Text("model", "model preset (default llama-7b; with --scenario, the scenario's)")
            .Text("device", "edge device preset (default rpi5; with --scenario, the scenario's)")
            .Text("cloud", "cloud preset (default a100)")
            .Text("trace", "link: 'synthetic' or a trace file (default synthetic; with --scenario, a trace file instead of the scenario's evaluation trace)")
            .Text("policies", "comma-separated policies, or 'all' (default all: every policy that needs no trained file; the learned ones are splitwise, splitwise-no-lyapunov, splitwise-layerwise, splitwise-fixed-codec)")
            .Text("policy-dir", "with --scenario: where the learned policies' files are, NAME-SCENARIO.policy (default policies)")
            .Text("batch-curve", "with --scenario: a `bench batching --json` output whose measured batch curve sets the shared cloud's decode step against its batch, in place of the A100 roofline's batch term (e.g. bench/batching-host.json)")
            .Text("batch-curve-model", "with --batch-curve: whose curve, bundled or gpt2-small (default gpt2-small)", "bundled", "gpt2-small")
            .Int("requests", "requests (default 10,000; with --scenario, the scenario's)", min: 1)
            .Double("arrival-rate", "Poisson arrivals per second (default 0.04)", min: 1e-9)
            .Text("arrivals", "replay arrivals from this file instead of Poisson")
            .Int("seed", "seed (default 1; with --scenario it also picks the evaluation trace)")
            .Double("epoch", "planning epoch, seconds (default 1)", min: 1e-6)
            .Text("codec", "activation codec (default int8; with --scenario, the scenario's)")
            .Text("route", "request routing: the live fabric's (default fabric)", "fabric")
            .Double("uplink-ratio", "uplink bandwidth as a share of the trace's (default 1)", min: 1e-9)
            .Text("prompt", "prompt tokens: N or MIN-MAX (default 32-512)")
            .Text("output", "output tokens: N or MIN-MAX (default 32-256)")
            .Text("plots", "write PNG plots into this folder")
            .Int("max-queue", "queue length at which requests are refused (default 200)", min: 1)
            .Int("oracle-horizon", "epochs the clairvoyant policy looks ahead, 0 = all (default 0)", min: 0)
            .Json();
        spec.Command.Validators.Add(result =>
        {
            bool Given(string name) => result.GetResult(result.Command.Options.Single(o => o.Name == "--" + name)) is { Implicit: false };
            if (Given("scenario"))
            {
                foreach (var name in PlainOnly.Where(Given))
                    result.AddError($"--{name} does not apply with --scenario (the scenario fixes it)");
            }
            else
            {
                foreach (var name in new[] { "move-in-flight", "batch-curve" }.Where(Given))
                    result.AddError($"--{name} needs --scenario");
            }

            if (Given("batch-curve-model") && !Given("batch-curve"))
                result.AddError("--batch-curve-model needs --batch-curve");
        });
    }

    public int Run(CliArgs args)
    {
        if (args.Get("scenario") is { } scenario)
            return ScenarioSimulation.Run(args, scenario);
        SimulateOptions options;
        SimulationSetup setup;
        try
        {
            options = SimulateOptions.Parse(args);
            setup = options.Build();
        }
        catch (Exception e) when (e is TestbedFormatException or TraceFormatException)
        {
            Console.Error.WriteLine($"simulate: {e.Message}");
            return 2;
        }

        BenchOutput.PrintMethod(Method(options, setup));
        var rows = new List<PolicySummary>();
        var runs = new List<PolicyRun>();
        var total = Stopwatch.StartNew();
        CliProgress.Run($"simulate {options.Policies.Count} policies x {setup.Requests.Count} requests", options.Policies.Count, args.Json, progress =>
        {
            foreach (var name in options.Policies)
            {
                var clock = Stopwatch.StartNew();
                var run = setup.Run(name);
                var summary = PolicySummary.From(run) with { WallSeconds = clock.Elapsed.TotalSeconds };
                runs.Add(run);
                rows.Add(summary);
                progress(rows.Count);
            }

            return rows.Count;
        });

        var wall = total.Elapsed.TotalSeconds;
        SimulateTable.Print(rows);
        Console.WriteLine($"wall time: {BenchOutput.F(wall, 2)} s for {options.Policies.Count} policies x {setup.Requests.Count} requests");
        var plots = options.PlotsDirectory is { } dir ? SimulatePlots.Write(dir, runs, rows, $"{setup.ModelKey}-{setup.Edge.Key}") : [];
        foreach (var p in plots)
            Console.WriteLine($"plot: {p}");
        if (args.Json)
        {
            BenchOutput.PrintJson(new
            {
                command = "simulate",
                model = setup.ModelKey,
                device = setup.Edge.Key,
                cloud = setup.Cloud.Key,
                link = setup.Link.Description,
                codec = setup.Coster.Model.Codec.Codec,
                route = setup.Options.Route.ToString().ToLowerInvariant(),
                requests = setup.Requests.Count,
                epoch_seconds = setup.Options.EpochSeconds,
                wall_seconds = wall,
                policies = rows.Select(SimulateTable.Json).ToArray(),
                plots,
            });
        }

        return 0;
    }

    private static string Method(SimulateOptions o, SimulationSetup s) =>
        $"""
        simulate: discrete-event simulation, {s.Requests.Count} requests ({o.WorkloadDescription}), all policies on the same requests and link.
        model {s.ModelKey} ({s.Coster.Model.Shape.NLayer} layers, cut {s.Coster.Model.HeadGroups} head groups x {s.Coster.Model.FfnSlices} FFN slices), weights {s.Memory.Precision}, boundary codec {s.Coster.Model.Codec.Codec}.
        edge {s.Edge.Name} (emulated; figures and sources: src/Testbed/Devices/DeviceProfiles.cs), cloud {s.Cloud.Name} (emulated, dedicated to this edge).
        link: {s.Link.Description}; sampled once per {s.Options.EpochSeconds:G3} s epoch.
        compute: roofline CostModel per sub-block call (src/Testbed/Cost); link: RTT/2 + codec bytes / bandwidth per crossing; residual route {s.Options.Route}.
        queue: FIFO at the edge session, one request in service; a plan applies to requests that start after it; plans that do not fit {s.Memory.Edge.Key}'s memory (context {s.Memory.ContextTokens} tokens) are refused.
        energy: edge device only (active/radio/idle power x time, EnergyModel), cloud apart; planners optimise the mean request ({s.Representative.PromptTokens} prompt + {s.Representative.OutputTokens} output tokens) for latency.
        clairvoyant: sees the true link of the coming {(o.OracleHorizon > 0 ? $"{o.OracleHorizon} epochs" : "epochs a mean cloud-session request lasts")} (--oracle-horizon 1 = the coming epoch only).
        latency = arrival to last token (queue wait included); ttft = arrival to first token; queue grew = % of epochs whose edge queue is longer than the epoch before.
        """;
}
