using System.Globalization;
using Splitwise.Cli.Bench;
using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Links;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Continuous batching (issue 15): aggregate decode tokens/s and per-token latency of 1..32 concurrent sessions,
/// at the Inference level (one batched step against the sessions stepped one by one) and through the fabric's grains
/// (<see cref="FabricBatchingBench"/>: on one silo, and with half the layers across the emulated link).
/// </summary>
public sealed class BenchBatchingCommand : ICliCommand
{
    public string Name => "bench batching";

    public string Summary => "decode tokens/s and per-token latency of N concurrent sessions, batched vs one by one";

    public void Declare(CliSpec spec) => spec
        .Text("models", "comma-separated: bundled (the model under models/), gpt2-small (random weights) (default bundled,gpt2-small)")
        .Text("sessions", "comma-separated concurrency levels (default 1,2,4,8,16,32)")
        .Int("prompt", "longest prompt, prefilled untimed; session i's is 4 (i mod 4) tokens shorter (default 32)", min: 13)
        .Int("warmup", "untimed rounds per level (default 2)", min: 0)
        .Int("rounds", "timed rounds per level (default 12)", min: 2)
        .Int("threads", "TorchSharp threads (default: every core)", min: 1)
        .Int("seed", "random weights and tokens seed (default 1)")
        .Flag("no-slabs", "every session keeps its own KV caches, so the batched step attends per session (default: slabs)")
        .Text("parts", "comma-separated: inference (in process), fabric (grains, one silo), link (grains, half the layers across the emulated link) (default inference,fabric,link)")
        .Double("link-mbps", "the emulated link's bandwidth for part link (default 100)", min: 0.001)
        .Double("rtt-ms", "the emulated link's round-trip time for part link (default 20)", min: 0)
        .Int("port", "base silo port of the co-hosted edge and cloud silos (default 11411)", min: 1, max: 45000)
        .Json();

    public int Run(CliArgs args)
    {
        var threads = BenchOutput.SetThreads(args);
        var seed = args.GetInt("seed", 1);
        var options = new BatchingBenchOptions(
            BenchOutput.IntList(args, "sessions") ?? [1, 2, 4, 8, 16, 32],
            args.GetInt("prompt", 32), args.GetInt("warmup", 2), args.GetInt("rounds", 12), seed);
        options.Validate();
        var names = BenchModel.ShapeNames(args);
        foreach (var n in names.Where(n => n is not ("bundled" or "gpt2-small")))
            throw new CliUsageException($"--models: unknown model '{n}' (bundled, gpt2-small)");
        var noSlabs = args.Has("no-slabs");
        var parts = args.Get("parts", "inference,fabric,link").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in parts.Where(p => p is not ("inference" or "fabric" or "link")))
            throw new CliUsageException($"--parts: unknown part '{p}' (inference, fabric, link)");
        var (mbps, rtt) = (args.GetDouble("link-mbps", 100), args.GetDouble("rtt-ms", 20));
        var machine = MachineInfo.Current();
        var fabricOptions = new FabricBatchingOptions(options.PromptTokens, options.WarmupRounds, options.Rounds, seed);
        if (parts.Contains("inference"))
            BenchOutput.PrintMethod(
            $"""
             bench batching: continuous batching at the Inference level (DecomposedTransformer in process, no Orleans, fp32, no_grad), the fabric's default cut.
             per level N in {string.Join(", ", options.Levels)}: N sessions prefill random prompts of {options.PromptTokens - 12}..{options.PromptTokens} tokens (untimed); then {options.WarmupRounds} untimed + {options.Rounds} timed rounds. In each round every session decodes one random token batched (one ForwardBatch: projections and FFN as one matmul over the N rows; attention {(noSlabs ? "per session over its own KV cache" : "as one padded, masked kernel over the sessions' KV caches, which are slots of one slab per head group")}) and one alone (N Forward calls one after another); which goes first alternates by round. The first level runs once untimed before all (the process's warm-up).
             tokens/s = N x rounds / total time of that way; per-token latency = time between a session's consecutive tokens (one batched step, or one round of N solo steps), p50/p95 over rounds.
             targets (issue 15) at 16 sessions: batched tokens/s >= 6x (gpt2-small) / 8x (bundled) the 1-session figure, batched p95 <= {BatchingResult.TargetP95Ratio}x the 1-session p95.
             machine: {machine}
             """);
        if (parts.Contains("fabric") || parts.Contains("link"))
            BenchOutput.PrintMethod(
                $"""
                 bench batching, fabric levels: the same sessions through the grains: an edge and a cloud silo co-hosted in this process over loopback TCP, the fabric's default cut, fp32, Fabric:IntraOpThreads 1, no device emulation; the sub-block grains batch the steps they find waiting (Fabric:Batching:MaxBatch 32, {(noSlabs ? "attention per session" : $"KV caches as slots of a slab of {options.Levels.Max()} per head group")}).
                 placements: fabric = every sub-block on the edge silo, no link delay; link = the first half of the layers on the edge, the rest in the cloud, across an emulated constant {mbps} Mbit/s, {rtt} ms RTT link.
                 per level N: N sessions start together with random prompts of {options.PromptTokens - 12}..{options.PromptTokens} letters (byte tokens) and decode {options.WarmupRounds} tokens each (untimed), then {options.Rounds} tokens each, all at once (timed).
                 tokens/s = N x {options.Rounds} / wall time of the timed phase; per-token latency = time between a session's consecutive tokens, p50/p95 over all sessions' tokens; batch = mean steps per sub-block batch; pass = mean sessions per batched forward pass on the session side (Fabric:Batching:Sessions; 0: every step ran alone), failed = passes that failed and fell back to stepping alone (BatchMeter, both silos).
                 models: bundled; gpt2-small = GPT-2-small's layers (12 x 768, 12 heads) with random weights, a byte vocabulary (256) and a context of 128, written to a temp folder (the LM head and embeddings of the session are per session, unbatched).
                 targets (issue 15) at 16 sessions: tokens/s >= 6x (gpt2-small) / 8x (bundled) the 1-session figure, p95 <= {BatchingResult.TargetP95Ratio}x the 1-session p95.
                 machine: {machine}
                 """);

        var results = new List<BatchingResult>();
        var fabric = new List<FabricBatchingResult>();
        foreach (var name in names)
        {
            if (parts.Contains("inference"))
            {
                var result = name == "bundled" ? RunBundled(options, noSlabs) : RunGpt2Small(options, seed, noSlabs);
                results.Add(result);
                Print(result);
            }

            if (parts.Contains("fabric") || parts.Contains("link"))
            {
                foreach (var r in RunFabric(name, options.Levels, fabricOptions, parts, mbps, rtt, args.GetInt("port", 11411), noSlabs).GetAwaiter().GetResult())
                {
                    fabric.Add(r);
                    Print(r);
                }
            }
        }

        if (args.Json)
            BenchOutput.PrintJson(new { bench = "batching", machine, threads, slabs = !noSlabs, options, results, fabric, link = new { mbps, rttMs = rtt } });
        return 0;
    }

    private static async Task<List<FabricBatchingResult>> RunFabric(string name, IReadOnlyList<int> levels, FabricBatchingOptions options,
        string[] parts, double mbps, double rtt, int port, bool noSlabs)
    {
        const string model = "bench";
        using var temp = name == "gpt2-small" ? BenchFabricCommand.RandomModel("gpt2-small", context: 128) : null;
        var path = temp?.Path ?? ModelLoader.LocateBundled();
        var link = new LinkEmulator();
        await using var pair = await FabricPair.Start(model, path, port, link, new Dictionary<string, string?>
        {
            ["Fabric:Batching:SlabSlots"] = (noSlabs ? 0 : levels.Max()).ToString(CultureInfo.InvariantCulture),
            ["Fabric:Checkpoint:EveryTokens"] = "0",
        });
        var bench = new FabricBatchingBench(pair, model, options);
        var results = new List<FabricBatchingResult>();
        foreach (var part in new[] { "fabric", "link" }.Where(parts.Contains))
        {
            if (part == "fabric")
            {
                link.Link = null;
                await pair.Client.SetPlan(model, (dims, spec) => PartitionPlans.AllOn(Tier.Edge, dims, spec));
            }
            else
            {
                link.Link = new ConstantLink(mbps, rtt);
                await pair.Client.SetPlan(model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(dims.Layers / 2, dims, spec));
            }

            var measured = new List<FabricBatchingLevel>();
            foreach (var n in levels)
                measured.Add(await bench.Measure(n));
            results.Add(new FabricBatchingResult(name == "bundled" ? $"bundled ({ModelLoader.BundledModelName})" : "gpt2-small (random weights, byte vocabulary, context 128)",
                part == "fabric" ? "one silo" : $"half the layers across the link ({mbps} Mbit/s, {rtt} ms RTT)", measured, name == "bundled" ? 8 : 6));
        }

        return results;
    }

    private static void Print(FabricBatchingResult r)
    {
        Console.WriteLine($"{r.Model}, fabric, {r.Placement}:");
        Console.WriteLine($"  {"sessions",8} {"tok/s",10} {"p50 ms",8} {"p95 ms",8} {"batch",6} {"pass",6} {"failed",6}");
        foreach (var l in r.Levels)
            Console.WriteLine($"  {l.Sessions,8} {BenchOutput.F(l.TokensPerSecond, 1),10} {BenchOutput.F(l.LatencyP50Ms, 1),8} {BenchOutput.F(l.LatencyP95Ms, 1),8} {BenchOutput.F(l.MeanBatch, 1),6} {BenchOutput.F(l.MeanPass, 1),6} {l.FailedPasses,6}");
        if (r.ScalingAt16 is { } s && r.P95RatioAt16 is { } p)
        {
            Console.WriteLine($"  at 16 sessions: tokens/s = {BenchOutput.F(s, 2)}x one session's (target >= {r.TargetScaling}x: {(r.ScalingMet == true ? "met" : "MISSED")}); " +
                              $"p95 = {BenchOutput.F(p, 2)}x solo p95 (target <= {BatchingResult.TargetP95Ratio}x: {(r.P95Met == true ? "met" : "MISSED")})");
        }
    }

    private static BatchingResult RunBundled(BatchingBenchOptions options, bool noSlabs)
    {
        using var model = ModelLoader.Open(ModelLoader.LocateBundled());
        return new BatchingBench($"bundled ({ModelLoader.BundledModelName})", model.SubBlocks, options, targetScaling: 8, slabs: !noSlabs).Run();
    }

    private static BatchingResult RunGpt2Small(BatchingBenchOptions options, long seed, bool noSlabs)
    {
        using var model = BenchModel.RandomGpt2("gpt2-small", seed);
        return new BatchingBench(model.Name, model.Reader, options, targetScaling: 6, slabs: !noSlabs).Run();
    }

    private static void Print(BatchingResult r)
    {
        Console.WriteLine($"{r.Model}: {r.NLayer} layers, d_model {r.DModel}, {r.NHead} heads, vocab {r.VocabSize}; cut: {r.Cut}");
        Console.WriteLine($"  {"sessions",8} {"batched tok/s",14} {"one-by-one tok/s",17} {"speedup",8} {"batched p50 ms",15} {"p95 ms",8} {"one-by-one p50 ms",18} {"p95 ms",8}");
        foreach (var l in r.Levels)
        {
            Console.WriteLine($"  {l.Sessions,8} {BenchOutput.F(l.BatchedTokensPerSecond, 1),14} {BenchOutput.F(l.SequentialTokensPerSecond, 1),17} {BenchOutput.F(l.Speedup, 2),8} " +
                              $"{BenchOutput.F(l.BatchedLatencyP50Ms, 1),15} {BenchOutput.F(l.BatchedLatencyP95Ms, 1),8} {BenchOutput.F(l.SequentialLatencyP50Ms, 1),18} {BenchOutput.F(l.SequentialLatencyP95Ms, 1),8}");
        }

        if (r.ScalingAt16 is { } s && r.P95RatioAt16 is { } p)
        {
            Console.WriteLine($"  at 16 sessions: batched tokens/s = {BenchOutput.F(s, 2)}x one session's (target >= {r.TargetScaling}x: {(r.ScalingMet == true ? "met" : "missed")}); " +
                              $"p95 = {BenchOutput.F(p, 2)}x solo p95 (target <= {BatchingResult.TargetP95Ratio}x: {(r.P95Met == true ? "met" : "missed")})");
        }
    }
}
