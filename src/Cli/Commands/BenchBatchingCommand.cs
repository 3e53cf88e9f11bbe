using Splitwise.Cli.Bench;
using Splitwise.Inference.Models;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Continuous batching at the Inference level (issue 15): aggregate decode tokens/s and per-token
/// latency of 1..32 concurrent sessions, one batched step against the sessions stepped one by one.
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
        var machine = MachineInfo.Current();
        BenchOutput.PrintMethod(
            $"""
             bench batching: continuous batching at the Inference level (DecomposedTransformer in process, no Orleans, fp32, no_grad), the fabric's default cut.
             per level N in {string.Join(", ", options.Levels)}: N sessions prefill random prompts of {options.PromptTokens - 12}..{options.PromptTokens} tokens (untimed); then {options.WarmupRounds} untimed + {options.Rounds} timed rounds. In each round every session decodes one random token batched (one ForwardBatch: projections and FFN as one matmul over the N rows; attention {(noSlabs ? "per session over its own KV cache" : "as one padded, masked kernel over the sessions' KV caches, which are slots of one slab per head group")}) and one alone (N Forward calls one after another); which goes first alternates by round.
             tokens/s = N x rounds / total time of that way; per-token latency = time between a session's consecutive tokens (one batched step, or one round of N solo steps), p50/p95 over rounds.
             targets (issue 15) at 16 sessions: batched tokens/s >= 6x (gpt2-small) / 8x (bundled) the 1-session figure, batched p95 <= {BatchingResult.TargetP95Ratio}x the 1-session p95.
             machine: {machine}
             """);

        var results = new List<BatchingResult>();
        foreach (var name in names)
        {
            var result = name == "bundled" ? RunBundled(options, noSlabs) : RunGpt2Small(options, seed, noSlabs);
            results.Add(result);
            Print(result);
        }

        if (args.Json)
            BenchOutput.PrintJson(new { bench = "batching", machine, threads, slabs = !noSlabs, options, results });
        return 0;
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
