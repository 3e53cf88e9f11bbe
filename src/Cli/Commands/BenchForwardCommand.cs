using Splitwise.Cli.Bench;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Decomposed (in-process sub-blocks, no Orleans) against monolithic decode throughput, same weights,
/// same threads, interleaved in one run.
/// </summary>
public sealed class BenchForwardCommand : ICliCommand
{
    /// <summary>The fabric's target: the default cut of GPT-2 small keeps at least this share of monolithic speed.</summary>
    public const double TargetRatio = 0.9;

    public string Name => "bench forward";

    public string Summary => "decomposed vs monolithic decode tokens/s";

    public void Declare(CliSpec spec) => spec
        .Text("models", "comma-separated shapes (default bundled,gpt2-small)")
        .Int("prompt", "prompt tokens (default 32)", min: 1)
        .Int("warmup", "warm-up rounds (default 4)", min: 0)
        .Int("rounds", "measured rounds (default 10)", min: 1)
        .Int("steps", "decode steps per round (default 8)", min: 1)
        .Int("threads", "TorchSharp threads (default: every core)", min: 1)
        .Int("seed", "random weights seed (default 1)")
        .Json();

    public int Run(CliArgs args)
    {
        var threads = BenchOutput.SetThreads(args);
        var seed = args.GetInt("seed", 1);
        var options = new ForwardBenchOptions(
            args.GetInt("prompt", 32), args.GetInt("warmup", 4), args.GetInt("rounds", 10), args.GetInt("steps", 8), seed);
        if (options.PromptTokens <= 0 || options.WarmupSteps < 0 || options.Rounds <= 0 || options.StepsPerRound <= 0)
            throw new CliUsageException("--prompt, --rounds and --steps must be positive, --warmup not negative");
        var machine = MachineInfo.Current();
        BenchOutput.PrintMethod(
            $"""
             bench forward: decode throughput (tokens/s; tokens are fed, not sampled, so every model does the same steps) of the monolithic reference (Gpt2Model session) and of DecomposedTransformer sessions over the same weights (in process, no Orleans), fp32, no_grad.
             each session prefills the same {options.PromptTokens}-token prompt, then {options.WarmupSteps} untimed decode steps; then {options.Rounds} rounds in which every model decodes the same {options.StepsPerRound} tokens (fixed random ids, one token per Forward) in turn, the first model rotating each round; one tokens/s sample per model per round.
             figures: median, p10, p90 of tokens/s; ratio of medians (decomposed/monolithic); median of per-round paired ratios; max |logit diff| on the last step as an exactness check.
             both sides share CausalAttention and KvCache; {threads} torch threads for both.
             machine: {machine}
             """);

        var results = new List<ForwardResult>();
        foreach (var shapeName in BenchModel.ShapeNames(args))
        {
            using var model = BenchModel.RandomGpt2(shapeName, seed);
            var result = new ForwardBench(model, Granularity.Standard(model.Shape), options).Run();
            results.Add(result);
            Print(result);
        }

        if (args.Json)
            BenchOutput.PrintJson(new { bench = "forward", machine, threads, target_ratio = TargetRatio, results });
        return 0;
    }

    private static void Print(ForwardResult r)
    {
        Console.WriteLine($"{r.Model}: {r.NLayer} layers, d_model {r.DModel}, {r.NHead} heads, context {r.MaxSeqLen}, vocab {r.VocabSize}");
        Console.WriteLine($"  {"model",-52} {"tok/s p50",10} {"p10",8} {"p90",8} {"ratio",7} {"paired",7} {"max|dlogit|",12}");
        var m = r.MonolithicTokensPerSecond;
        Console.WriteLine($"  {"monolithic (Gpt2Model)",-52} {BenchOutput.F(m.Median, 2),10} {BenchOutput.F(m.P10, 2),8} {BenchOutput.F(m.P90, 2),8}");
        foreach (var d in r.Decomposed)
        {
            var t = d.TokensPerSecond;
            Console.WriteLine($"  {d.Granularity,-52} {BenchOutput.F(t.Median, 2),10} {BenchOutput.F(t.P10, 2),8} {BenchOutput.F(t.P90, 2),8} " +
                              $"{BenchOutput.F(d.RatioOfMedians),7} {BenchOutput.F(d.PairedRatio.Median),7} {d.MaxAbsLogitDiff,12:E2}");
        }
    }
}
