using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Evaluation;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench controller`: issue 11's evaluation. Every scenario x seed on its evaluation link (never a training trace),
/// every listed policy, the clairvoyant one and the lower bound on the same world; per scenario a table of the means over
/// seeds, then the "paper vs ours" table of the targets for each controller; JSON with every seed's figures.
/// </summary>
public sealed class BenchControllerCommand : ICliCommand
{
    public string Name => "bench controller";

    public string Summary => "issue 11's evaluation: every scenario x seed on evaluation traces, every policy vs clairvoyant and the bound, paper vs ours";

    public void Declare(CliSpec spec) => BenchControllerOptions.Declare(spec);

    public int Run(CliArgs args)
    {
        var plan = BenchControllerOptions.Parse(args);
        var method = Method(plan);
        BenchOutput.PrintMethod(method);
        var clock = Stopwatch.StartNew();
        var results = CliProgress.Run($"bench controller: {plan.Scenarios.Count} scenarios x {plan.Seeds.Count} seeds x {plan.PoliciesToRun.Count} policies", plan.Runs, args.Json,
            progress => ControllerEvaluation.Run(plan, (done, _) => progress(done)));
        var wall = clock.Elapsed.TotalSeconds;
        var controllers = new[] { LearnedPolicies.Controller, "drift-plus-penalty" }.Concat(plan.Policies.Where(p => LearnedPolicies.IsLearned(p) && p != LearnedPolicies.Controller))
            .Where(plan.Policies.Contains).ToArray();
        foreach (var s in results)
        {
            Console.WriteLine();
            Console.WriteLine($"{s.Scenario.Name} ({s.Scenario.Model} on {s.Scenario.Device}; budgets {s.Scenario.Budgets}); seeds {string.Join(", ", s.Seeds.Select(x => $"{x.Seed}: {LinkName(x.Link)}"))}; "
                              + $"best layer-wise partitioner: {s.BestLayerwise ?? "none ran stably"}");
            Console.Write(ControllerTables.Scenario(s, markdown: false));
        }

        Console.WriteLine();
        Console.WriteLine("paper vs ours (means over seeds; budgets on the worst seed):");
        Console.Write(ControllerTables.Paper(results, controllers, markdown: false));
        Console.WriteLine($"wall time: {BenchOutput.F(wall, 1)} s for {plan.Runs} policy runs");
        var json = Json(plan, results, controllers, method, wall);
        if (args.Get("out") is { } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "controller.json"), System.Text.Json.JsonSerializer.Serialize(json, new System.Text.Json.JsonSerializerOptions
            {
                PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            }));
            File.WriteAllText(Path.Combine(dir, "controller.md"), Markdown(results, controllers));
            Console.WriteLine($"wrote {Path.Combine(dir, "controller.json")}, {Path.Combine(dir, "controller.md")}");
        }

        if (args.Json)
            BenchOutput.PrintJson(json);
        return 0;
    }

    private static string Method(EvaluationPlan plan) =>
        $"""
        bench controller: {plan.Scenarios.Count} scenarios ({string.Join(", ", plan.Scenarios.Select(s => s.Name))}) x seeds {string.Join(", ", plan.Seeds)}, {plan.Requests} requests per world; policies {string.Join(", ", plan.PoliciesToRun)}; learned ones from {plan.PolicyDirectory ?? Splitwise.Testbed.Policies.PolicyCatalog.DefaultPolicyDirectory}/NAME-SCENARIO.policy (trained on training traces only; a missing file = a not-trained row).
        each (scenario, seed) is one World on the scenario's EVALUATION link (TraceSplit: seed S = evaluation trace S mod count of the family; flaky-link = the evaluation trace with most outages; the synthetic family link, fitted to training traces only, when ../shared is absent), never a training trace; every policy runs on the same requests, link and cloud load through SplitEnvironment (1 s epochs, a decision per epoch, {(plan.MoveInFlight ? "plans switch the request in service, moving KV caches" : "plans apply from the next request")}).
        per policy: mean and p95 latency (arrival to last token, nearest rank), mean TTFT, edge J per request, edge average power (idle included), cloud USD/h, token-weighted codec loss; each budget's time-average usage over the run (edge power, cloud spend, codec loss; 1 = on budget) and its overshoot = max(0, usage - 1), target <= 1% on every seed.
        x clairvoyant = mean latency / clairvoyant's (sees the coming link; target <= 1.05 for the learned controller); x bound = mean / the lower bound's (README, World); rank by mean latency among the policies that ran stably (clairvoyant left out).
        best layer-wise partitioner = the fastest stable one of neurosurgeon, best-static-cut, edge-only, cloud-only by mean latency; vs best LW = its mean / ours (paper: 1.4-2.8x lower), energy = 1 - our edge J per request / its (paper: up to 41% less); p95 vs cloud = 1 - our p95 / cloud-only's (paper: 53-61% lower).
        scenario tables: means over seeds (a ratio is the mean of the per-seed ratios); a policy unstable, infeasible or not trained on any seed is not averaged. Wall time: this machine, one thread.
        """;

    private static string LinkName(string link) => link.StartsWith("trace ", StringComparison.Ordinal) ? link.Split(':')[0]["trace ".Length..] : link;

    private static string Markdown(IReadOnlyList<ScenarioResult> results, IReadOnlyList<string> controllers)
    {
        var text = new System.Text.StringBuilder();
        foreach (var s in results)
        {
            text.AppendLine($"**{s.Scenario.Name}** ({s.Scenario.Model} on {s.Scenario.Device}; seeds {string.Join(", ", s.Seeds.Select(x => $"{x.Seed}: {LinkName(x.Link)}"))}; best layer-wise: {s.BestLayerwise ?? "none"})");
            text.AppendLine();
            text.AppendLine(ControllerTables.Scenario(s, markdown: true));
        }

        text.AppendLine("**Paper vs ours**");
        text.AppendLine();
        text.Append(ControllerTables.Paper(results, controllers, markdown: true));
        return text.ToString();
    }

    private static object Json(EvaluationPlan plan, IReadOnlyList<ScenarioResult> results, IReadOnlyList<string> controllers, string method, double wall) => new
    {
        bench = "controller", method, seeds = plan.Seeds, requests = plan.Requests, policies = plan.PoliciesToRun, move_in_flight = plan.MoveInFlight,
        scenarios = results.Select(s => new
        {
            scenario = s.Scenario.Name, model = s.Scenario.Model, device = s.Scenario.Device, budgets = s.Scenario.Budgets.ToString(), best_layerwise = s.BestLayerwise,
            bound_mean_s = s.BoundMeanSeconds, bound_p95_s = s.BoundP95Seconds,
            means = s.Means.Select(Row).ToArray(),
            comparisons = s.Comparisons,
            targets = controllers.Where(c => s.Mean(c) is not null).ToDictionary(c => c, c => TargetCheck.For(s, c).Select(t => new { t.Target, t.Asked, t.Ours, t.OursText, verdict = t.Verdict })),
            per_seed = s.Seeds.Select(x => new
            {
                seed = x.Seed, link = x.Link, requests = x.Requests, bound_mean_s = x.BoundMeanSeconds, bound_p95_s = x.BoundP95Seconds,
                bound_mean_ttft_s = x.BoundMeanTtftSeconds, policies = x.Policies.Select(Row).ToArray(),
            }).ToArray(),
        }).ToArray(),
        wall_s = wall, machine = System.Environment.ProcessorCount + " cores",
    };

    private static object Row(PolicyMetrics m) => new
    {
        policy = m.Policy, status = m.Status.ToString().ToLowerInvariant(), note = m.Note, served = m.Served,
        mean_latency_s = m.MeanLatencySeconds, p95_latency_s = m.P95LatencySeconds, mean_ttft_s = m.MeanTtftSeconds,
        edge_j_per_request = m.EdgeEnergyJPerRequest, edge_power_w = m.EdgePowerW, cloud_usd_per_hour = m.CloudDollarsPerHour,
        cloud_usd_per_request = m.CloudDollarsPerRequest, codec_loss_bits_per_byte = m.CodecLossBitsPerByte,
        usage = new { edge_power = m.Usage.EdgePower, cloud_spend = m.Usage.CloudSpend, codec_loss = m.Usage.CodecLoss },
        overshoot_percent = new { edge_power = m.OvershootPercent.EdgePower, cloud_spend = m.OvershootPercent.CloudSpend, codec_loss = m.OvershootPercent.CodecLoss },
        over_clairvoyant = m.OverClairvoyant, mean_over_bound = m.MeanOverBound, p95_over_bound = m.P95OverBound, wall_s = m.WallSeconds,
    };
}
