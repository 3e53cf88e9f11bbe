using System.Diagnostics;
using System.Text.Json;
using Splitwise.Cli.Bench;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Generations under faults on the co-hosted fabric pair: link outages on a period, a share of crossings failing, and
/// every so often every activation collected mid-generation. Counts lost requests and token-identical generations
/// (against the same fabric's fault-free run) and times the steps that recovered.
/// </summary>
public sealed class BenchChaosCommand : ICliCommand
{
    private static readonly string[] Prompts = ["In the beginning God created", "And God said", "Blessed are the meek", "The LORD is my shepherd", "And it came to pass"];

    public string Name => "bench chaos";

    public string Summary => "generations under link outages, failing crossings and forced deactivations: lost requests, identical tokens, recovery step time";

    public void Declare(CliSpec spec) => spec
        .Text("model", "model folder (default: the bundled model)")
        .Int("generations", "generations, one at a time (default 200)", min: 1)
        .Int("tokens", "tokens per generation (default 16)", min: 4)
        .Double("failure-rate", "share of link crossings failing (default 0.1)", min: 0, max: 1)
        .Double("outage-ms", "link down this long in every period (default 500; below --period-s)", min: 0)
        .Double("period-s", "outage period in seconds (default 5)", min: 1e-3)
        .Int("collect-every", "every Nth generation, collect every activation after its third token (default 25)", min: 1)
        .Int("port", "first silo port (default 11511; with --processes the first of 7 ports)", min: 1, max: 65530)
        .Flag("processes", "on the fabric as OS processes (redis-server, cloud silo, edge host): SIGKILLs of either host, streams resumed by the client")
        .Int("kill-every", "with --processes: every Nth generation, kill the cloud silo and the edge host in turn after its third token (default 50)", min: 1)
        .Int("overhead-generations", "with --processes: fault-free generations timed with checkpoints off and every 8 tokens first (default 20; 0 skips)", min: 0)
        .Text("edge-dll", "with --processes: the built edge host (default src/EdgeHost/bin/CONFIG/net10.0/Splitwise.EdgeHost.dll)")
        .Text("cloud-dll", "with --processes: the built cloud silo (default src/Silo/bin/CONFIG/net10.0/Splitwise.Silo.dll)")
        .Json();

    public int Run(CliArgs args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CliArgs args)
    {
        if (args.Has("processes"))
            return await RunProcesses(args);
        var generations = args.GetInt("generations", 200);
        var tokens = args.GetInt("tokens", 16);
        var failureRate = args.GetDouble("failure-rate", 0.1);
        var outageMs = args.GetDouble("outage-ms", 500);
        var periodS = args.GetDouble("period-s", 5);
        var collectEvery = args.GetInt("collect-every", 25);
        if (generations < 1 || tokens < 4 || outageMs < 0 || periodS * 1000 <= outageMs || collectEvery < 1)
            throw new CliUsageException("--generations >= 1, --tokens >= 4, 0 <= --outage-ms < --period-s x 1000, --collect-every >= 1");
        var modelPath = args.Get("model") ?? ModelLoader.LocateBundled();
        const string model = "bench";
        var state = Path.Combine(Path.GetTempPath(), "splitwise-bench-chaos-" + Guid.NewGuid().ToString("N"));
        BenchOutput.PrintMethod(
            $"""
             bench chaos: {generations} greedy generations of {tokens} tokens (prompts rotating over {Prompts.Length}) on the fabric pair co-hosted in this process
             (edge + cloud silo over loopback TCP, half the layers in the cloud, checkpoints every 8 tokens in memory, plan and sessions in files), one at a time.
             faults: an emulated 100 Mbit/s, 10 ms link down {outageMs} ms in every {periodS} s; {failureRate:P0} of crossings failing (seeded); every {collectEvery}th
             generation, every activation collected (IManagementGrain.ForceActivationCollection) after its third token. default recovery options.
             figures: lost = generations that ended with an error; identical = token-for-token equal to the same prompt's fault-free run on this fabric;
             recovery step = a step whose trace reports a recovery (retry, replay, entering or leaving the safe plan), timed from the previous token; p50/p95.
             in process only: the multi-process faults (SIGKILL of a host) are in tests/EdgeHost.Tests/Deployment/ChaosTests.
             machine: {MachineInfo.Current()}
             """);

        var link = new LinkEmulator();
        await using var pair = await FabricPair.Start(model, modelPath, args.GetInt("port", 11511), link,
            new Dictionary<string, string?> { ["Fabric:StateDirectory"] = state });
        try
        {
            await pair.Client.SetPlan(model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(dims.Layers / 2, dims, spec));
            var reference = new Dictionary<string, int[]>();
            foreach (var prompt in Prompts)
                reference[prompt] = [.. (await Generate(pair, model, prompt, tokens, _ => Task.CompletedTask)).Steps.Select(s => s.Token)];

            var up = new LinkState(100, 100, 10);
            link.Link = new PiecewiseLink([(TimeSpan.Zero, up), (TimeSpan.FromSeconds(periodS) - TimeSpan.FromMilliseconds(outageMs), up with { Up = false })], TimeSpan.FromSeconds(periodS));
            link.InjectFailures(failureRate, seed: 1);
            int lost = 0, identical = 0, collections = 0;
            var errors = new Dictionary<string, int>();
            var recoveryMs = new List<double>();
            var normalMs = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var g = 0; g < generations; g++)
            {
                var prompt = Prompts[g % Prompts.Length];
                var collect = (g + 1) % collectEvery == 0;
                var run = await Generate(pair, model, prompt, tokens, async n =>
                {
                    if (collect && n == 3)
                    {
                        collections++;
                        await pair.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                    }
                });
                if (run.Error is { } error)
                {
                    lost++;
                    errors[error] = errors.GetValueOrDefault(error) + 1;
                    continue;
                }

                if (run.Steps.Select(s => s.Token).SequenceEqual(reference[prompt]))
                    identical++;
                for (var i = 1; i < run.Steps.Count; i++)
                    (IsRecovery(run.Steps[i].Recovery) ? recoveryMs : normalMs).Add(run.StepMs[i]);
            }

            link.InjectFailures(0);
            link.Link = null;
            var recovery = recoveryMs.Count > 0 ? SampleStats.Of(recoveryMs) : null;
            var normal = SampleStats.Of(normalMs);
            double P95(List<double> xs) => xs.Count == 0 ? 0 : SampleStats.Percentile([.. xs.Order()], 0.95);
            Console.WriteLine($"{generations} generations in {clock.Elapsed.TotalSeconds:F1} s, {collections} forced collections: lost {lost} (target 0), identical tokens {identical}/{generations - lost} = {(double)identical / Math.Max(1, generations - lost):P1} (target 100%)");
            Console.WriteLine($"recovery steps: {recoveryMs.Count}, p50 {recovery?.Median ?? 0:F1} ms, p95 {P95(recoveryMs):F1} ms; other steps p50 {normal.Median:F1} ms, p95 {P95(normalMs):F1} ms");
            foreach (var (error, count) in errors)
                Console.WriteLine($"lost: {count} x {error}");
            if (args.Json)
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    generations, tokens, failureRate, outageMs, periodS, collectEvery, collections, lost, identical,
                    identicalShare = (double)identical / Math.Max(1, generations - lost),
                    recoverySteps = recoveryMs.Count, recoveryP50Ms = recovery?.Median ?? 0, recoveryP95Ms = P95(recoveryMs),
                    otherStepP50Ms = normal.Median, otherStepP95Ms = P95(normalMs), errors,
                }));
            return 0;
        }
        finally
        {
            if (Directory.Exists(state))
                Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<int> RunProcesses(CliArgs args)
    {
        var (edgeDll, cloudDll) = args.Get("edge-dll") is { } e && args.Get("cloud-dll") is { } c ? (e, c) : ChaosCluster.LocateDlls();
        var o = new ClusterChaosOptions(args.Get("model") ?? ModelLoader.LocateBundled(), args.GetInt("generations", 1000), args.GetInt("tokens", 8),
            args.GetDouble("failure-rate", 0.1), args.GetDouble("outage-ms", 500), args.GetDouble("period-s", 5), args.GetInt("kill-every", 50),
            args.GetInt("overhead-generations", 20), args.GetInt("port", 11511), args.Get("edge-dll") ?? edgeDll, args.Get("cloud-dll") ?? cloudDll);
        if (o.OutageMs < 0 || o.PeriodS * 1000 <= o.OutageMs || o.OutageMs % 50 != 0 || Math.Abs(o.PeriodS * 20 - Math.Round(o.PeriodS * 20)) > 1e-9)
            throw new CliUsageException("with --processes: 0 <= --outage-ms < --period-s x 1000, both multiples of 50 ms");
        BenchOutput.PrintMethod(
            $"""
             bench chaos --processes: {o.Generations} greedy generations of {o.Tokens} tokens (prompts rotating over {Prompts.Length}) through the edge host's GET /generate,
             one at a time, on the fabric as OS processes: redis-server (membership, plan, sessions, checkpoints), the cloud silo and the edge host (built dlls).
             half the layers in the cloud; checkpoints every 8 tokens in Redis (durable).
             faults: the link a looping trace, 100 Mbit/s, 10 ms, down {o.OutageMs} ms in every {o.PeriodS} s (each host's own clock); {o.FailureRate:P0} of crossings failing;
             every {o.KillEvery}th generation a SIGKILL after its third token, of the cloud silo and of the edge host in turn, each restarted at once on its ports.
             the client, on a cut stream or an error line, resumes the session (GET /generate/MODEL/SESSION?after=LAST) once the edge answers /health, up to 12 times.
             figures: lost = generations not completed after that; identical = token-for-token equal to the monolithic reference's greedy run;
             kill recovery = from the kill to the first step reporting a recovery (cloud) / the first token of the resumed stream (edge, host restart included);
             recovery steps = steps whose trace reports a retry, replay or safe-plan change, timed from the previous token; p50/p95.
             checkpoint overhead: {o.OverheadGenerations} fault-free generations per setting on clusters of their own (off, every 8 tokens), decode tokens/s.
             machine: {MachineInfo.Current()}
             """);
        var result = await ClusterChaos.Run(o, Prompts, Console.WriteLine);
        if (args.Json)
            Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    // Steps that only continue on the safe plan are not recoveries; entering, leaving, retries and replays are.
    private static bool IsRecovery(string? note) => note is not null && note != "safe plan: all on the edge";

    private static async Task<(List<TokenStep> Steps, List<double> StepMs, string? Error)> Generate(
        FabricPair pair, string model, string prompt, int tokens, Func<int, Task> afterStep)
    {
        var steps = new List<TokenStep>();
        var stepMs = new List<double>();
        var clock = Stopwatch.StartNew();
        try
        {
            await foreach (var step in pair.Client.Generate(model, new GenerationRequest(prompt, tokens)))
            {
                stepMs.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                steps.Add(step);
                await afterStep(steps.Count);
            }

            return (steps, stepMs, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (steps, stepMs, e.GetType().Name);
        }
    }
}
