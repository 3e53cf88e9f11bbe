using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Splitwise.Cli.Bench;
using Splitwise.Cli.Load;
using Splitwise.Client;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Load;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `splitwise loadtest`: replays the llm-load trace (time-scaled to --rate, clipped to the model's context; prompts of
/// the right length made from text), the synthetic workload fitted to it when the trace is absent, or Poisson arrivals,
/// against the fabric (native client SDK: --embedded starts the two-silo fabric in this process, else a running one
/// through its gateway) or the edge host's HTTP /generate; prints and writes the report (JSON, PNG plots).
/// </summary>
public sealed class LoadtestCommand : ICliCommand
{
    public string Name => "loadtest";

    public string Summary => "load test on a real serving trace (or its fitted synthetic twin): latency, TTFT, tokens/s, errors";

    public void Declare(CliSpec spec) => spec
        .Flag("embedded", "start the edge and cloud silos in this process (else connect to running hosts)")
        .Text("target", "fabric (native client SDK) or http (the edge host's /generate) (default fabric)", "fabric", "http")
        .Text("url", "edge host base URL for --target http (default http://localhost:5080)")
        .Int("gateway-port", "fabric gateway port for --target fabric without --embedded (default 30000)", min: 1, max: 65535)
        .Text("model", "with --embedded the model folder (default: bundled); else the served model's name (default kjv-gpt2-6x256)")
        .Int("port", "with --embedded, the first silo port (default 11111)", min: 1, max: 65535)
        .Int("edge-layers", "set the plan first: this many layers on the edge (fabric target)", min: 0)
        .Text("workload", "trace, synthetic or poisson (default: trace when ../shared/data/llm-load has it, else synthetic)", "trace", "synthetic", "poisson")
        .Text("trace", "the llm-load trace CSV (default ../shared/data/llm-load/AzureLLMInferenceTrace_conv.csv)")
        .Double("rate", "mean arrivals per second the workload is scaled to (default 1)", min: 1e-6)
        .Int("requests", "requests to send (default 50; with --duration, enough for it)", min: 1)
        .Double("duration", "stop sending after this many seconds", min: 1e-3)
        .Int("concurrency", "requests in flight at most (default 8)", min: 1)
        .Flag("closed", "closed loop: --concurrency workers back to back, ignoring arrival times (capacity)")
        .Int("context", "the model's context in tokens; prompt + output are clipped to it (default 256)", min: 2)
        .Int("max-output", "output tokens per request at most (default 32)", min: 1)
        .Int("prompt-tokens", "every prompt this long instead of the workload's", min: 1)
        .Int("output-tokens", "every output this long instead of the workload's", min: 1)
        .Double("timeout", "seconds before a request is cancelled and counted as a timeout (default 60)", min: 1e-3)
        .Int("seed", "seed of the synthetic and Poisson workloads (default 1)")
        .Text("corpus", "text the prompts are cut from (default .cache/corpus/kjv.txt, else a shipped passage)")
        .Int("watch-pid", "also sample this process's RSS (a host under test)", min: 1)
        .Double("window", "seconds per timeline window (default 10)", min: 0.1)
        .Text("out", "write report.json and the PNG plots into this folder")
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        var (requests, workload) = Workload(args);
        var concurrency = args.GetInt("concurrency", 8);
        var closed = args.Has("closed");
        TimeSpan? duration = args.Get("duration") is null ? null : TimeSpan.FromSeconds(args.GetDouble("duration", 0));
        var prompts = PromptText.Default(args.Get("corpus"));

        await using var connection = await Connect(args);
        var target = connection.Target;
        var mode = closed ? $"closed loop, {concurrency} workers" : $"open loop, at most {concurrency} in flight";
        BenchOutput.PrintMethod($"loadtest: {workload}; {mode}; timeout {args.GetDouble("timeout", 60)} s; prompts cut from {prompts.Source}; target {target.Description}; " +
                                "latency and TTFT from the scheduled arrival (waiting for a slot included), time per output token after the first");

        var runner = new LoadRunner(target, prompts, concurrency, TimeSpan.FromSeconds(args.GetDouble("timeout", 60)), closed, duration);
        var clock = Stopwatch.StartNew();
        List<RequestResult> results;
        IReadOnlyList<(double, double, double?)> rss;
        await using (var sampler = new RssSampler(clock, args.Get("watch-pid") is null ? null : args.GetInt("watch-pid", 0)))
        {
            results = await CliProgress.RunAsync($"loadtest {requests.Count} requests", requests.Count, args.Json, progress => runner.Run(requests, progress));
            clock.Stop();
            rss = sampler.Samples;
        }

        var report = LoadReport.From(target.Description, workload, mode, concurrency, clock.Elapsed.TotalSeconds, results, rss, args.GetDouble("window", 10));
        Print(report);
        if (args.Get("out") is { } dir)
        {
            Directory.CreateDirectory(dir);
            var json = Path.Combine(dir, "report.json");
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"report: {json}; plots: {string.Join(", ", LoadPlots.Write(dir, results, report))}");
        }

        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private static (List<LoadRequest> Requests, string Description) Workload(CliArgs args)
    {
        var rate = args.GetDouble("rate", 1);
        var seed = args.GetInt("seed", 1);
        // With --duration and no --requests: enough for the duration (open loop: its arrivals; closed loop: as many as the
        // workload has, the trace's 19,366 or 100,000 synthetic, since a closed loop's pace is the target's).
        var count = args.Get("requests") is not null ? args.GetInt("requests", 50)
            : args.Get("duration") is null ? 50
            : args.Has("closed") ? 100_000
            : (int)Math.Ceiling(args.GetDouble("duration", 0) * rate * 1.5) + 10;
        var tracePath = args.Get("trace") ?? LlmLoadTrace.Locate();
        var kind = args.Get("workload") ?? (tracePath is null ? "synthetic" : "trace");
        var (raw, description) = kind switch
        {
            "trace" => tracePath is null
                ? throw new CliUsageException($"--workload trace: no ../shared/data/llm-load/{LlmLoadTrace.FileName} next to the repository root; give --trace FILE or --workload synthetic")
                : Trace(tracePath, count, rate),
            "synthetic" => (LoadShaping.ToRate(FittedLlmLoad.Model.Generate(count, seed), rate), $"{count} requests of the synthetic workload fitted to {FittedLlmLoad.Model.FittedTo} (seed {seed}) time-scaled to {F(rate)}/s"),
            _ => (LoadShaping.Poisson(count, rate, FittedLlmLoad.Model, seed), $"{count} Poisson arrivals at {F(rate)}/s, lengths of the fitted workload (seed {seed})"),
        };
        var context = args.GetInt("context", 256);
        var maxOutput = args.GetInt("max-output", 32);
        if (maxOutput >= context)
            throw new CliUsageException($"--max-output ({maxOutput}) must be below --context ({context})");
        var requests = LoadShaping.Clip(raw, context, maxOutput);
        if (args.Get("prompt-tokens") is not null || args.Get("output-tokens") is not null)
        {
            requests = requests.Select(r => r with
            {
                PromptTokens = args.GetInt("prompt-tokens", r.PromptTokens), OutputTokens = args.GetInt("output-tokens", r.OutputTokens),
            }).ToList();
        }

        return (requests, $"{description}; output capped at {maxOutput}, prompt + output clipped to {context} tokens");
    }

    private static (List<LoadRequest>, string) Trace(string path, int count, double rate)
    {
        var requests = LlmLoadTrace.Read(path).Take(count).ToList();
        return (LoadShaping.ToRate(requests, rate), $"the first {requests.Count} requests of {Path.GetFileName(path)} time-scaled to {F(rate)}/s");
    }

    private static async Task<Connection> Connect(CliArgs args)
    {
        var http = args.Get("target", "fabric") == "http";
        if (args.Has("embedded"))
        {
            if (http)
                throw new CliUsageException("--embedded runs the fabric in this process without the HTTP host; use --target fabric (or start src/EdgeHost for --target http)");
            var path = args.Get("model") ?? ModelLoader.LocateBundled();
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
            var pair = await FabricPair.Start(name, path, args.GetInt("port", 11111), new LinkEmulator(null));
            await SetPlan(args, pair.Client, name);
            return new Connection(new FabricTarget(pair.Client, name, "embedded edge + cloud silos"), pair);
        }

        var model = args.Get("model", "kjv-gpt2-6x256");
        if (http)
        {
            var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            return new Connection(new HttpGenerateTarget(client, args.Get("url", "http://localhost:5080"), model), client);
        }

        var port = args.GetInt("gateway-port", 30000).ToString(CultureInfo.InvariantCulture);
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(new Dictionary<string, string?> { ["Fabric:GatewayPort"] = port }).Build();
        var connection = await FabricConnection.Connect(config);
        await SetPlan(args, connection.Client, model);
        return new Connection(new FabricTarget(connection.Client, model, $"gateway :{port}"), connection);
    }

    private static async Task SetPlan(CliArgs args, FabricClient client, string model)
    {
        if (args.Get("edge-layers") is not null)
            await client.SetPlan(model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(args.GetInt("edge-layers", 0), dims, spec, "fp32"));
    }

    private static void Print(LoadReport r)
    {
        string P(Percentiles? p) => p is null ? "n/a" : $"p50 {p.P50:F0} p95 {p.P95:F0} p99 {p.P99:F0} ms";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Sent} sent in {r.WallSeconds:F1} s: {r.Ok} ok, {r.Errors} errors, {r.Timeouts} timeouts; {r.RequestsPerSecond:F2} requests/s, {r.TokensPerSecond:F1} tokens/s"));
        Console.WriteLine($"latency {P(r.LatencyMs)}; TTFT {P(r.TtftMs)}; time per output token {P(r.TpotMs)}");
        foreach (var e in r.ErrorSamples)
            Console.WriteLine($"  error: {e}");
        if (r.Timeline.Count > 0)
        {
            var (first, last) = (r.Timeline[0], r.Timeline[^1]);
            var watched = last.WatchedRssMb is { } w ? string.Create(CultureInfo.InvariantCulture, $"; watched host {first.WatchedRssMb:F0} -> {w:F0} MB") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS {first.RssMb:F0} MB at {first.EndSeconds:F0} s -> {last.RssMb:F0} MB at {last.EndSeconds:F0} s (this process){watched}"));
        }
    }

    private static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The target and whatever must be disposed with it (the embedded fabric, the gateway connection, the HTTP client).</summary>
    private sealed record Connection(ILoadTarget Target, object Owned) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            switch (Owned)
            {
                case IAsyncDisposable a:
                    await a.DisposeAsync();
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }
    }
}
