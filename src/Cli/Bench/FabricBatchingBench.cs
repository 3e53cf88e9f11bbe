using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.SubBlocks;

namespace Splitwise.Cli.Bench;

/// <summary>
/// bench batching's fabric levels: N concurrent greedy generations through the grains of a co-hosted edge and cloud
/// silo (<see cref="FabricPair"/>), under whatever plan and link are set. Per level, the N sessions start together and
/// prefill their prompts, decode <see cref="FabricBatchingOptions.Warmup"/> tokens (all untimed), then all decode
/// <see cref="FabricBatchingOptions.Tokens"/> tokens at once (timed): tokens/s = N x tokens / wall time of that phase;
/// per-token latency = time between a session's consecutive tokens. The sub-block grains batch what they find waiting
/// (the silos' <see cref="BatchMeter"/> gives the mean batch size of the timed phase).
/// </summary>
public sealed class FabricBatchingBench(FabricPair fabric, string model, FabricBatchingOptions options)
{
    public async Task<FabricBatchingLevel> Measure(int n)
    {
        var random = new Random((int)options.Seed + n);
        var sessions = Enumerable.Range(0, n).Select(_ => fabric.Grains.GetGrain<IGenerationSessionGrain>(FabricKeys.Session(model, Guid.NewGuid()))).ToArray();
        var prompts = Enumerable.Range(0, n).Select(i => Prompt(random, options.PromptTokens - 4 * (i % 4))).ToArray();
        try
        {
            await Task.WhenAll(sessions.Select((s, i) => s.Start(new GenerationRequest(prompts[i], 1 + options.Warmup + options.Tokens))));
            await Task.WhenAll(sessions.Select(async s =>
            {
                for (var k = 0; k < options.Warmup; k++)
                    _ = await s.Next() ?? throw new InvalidOperationException("a session ended before its warm-up tokens");
            }));

            var before = Batches();
            var passesBefore = Passes();
            var failedBefore = Failed();
            var gaps = new double[n][];
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(async (s, i) =>
            {
                gaps[i] = new double[options.Tokens];
                var last = clock.Elapsed;
                for (var k = 0; k < options.Tokens; k++)
                {
                    _ = await s.Next() ?? throw new InvalidOperationException("a session ended before its timed tokens");
                    var now = clock.Elapsed;
                    gaps[i][k] = (now - last).TotalMilliseconds;
                    last = now;
                }
            }));
            var wall = clock.Elapsed.TotalSeconds;
            var after = Batches();
            var passes = Passes();
            var all = gaps.SelectMany(g => g).Order().ToArray();
            var batches = after.Batches - before.Batches;
            return new FabricBatchingLevel(n, n * options.Tokens / wall,
                SampleStats.Percentile(all, 0.5), SampleStats.Percentile(all, 0.95),
                batches == 0 ? 0 : (double)(after.Steps - before.Steps) / batches,
                Mean(passes.Steps - passesBefore.Steps, passes.Batches - passesBefore.Batches), Failed() - failedBefore);
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.End()));
        }
    }

    private static double Mean(long steps, long batches) => batches == 0 ? 0 : (double)steps / batches;

    private BatchTotals Batches() => Sum(m => m.Totals);

    private BatchTotals Passes() => Sum(m => m.SessionTotals);

    private long Failed() => new[] { Tier.Edge, Tier.Cloud }.Sum(t => fabric.Services(t).GetRequiredService<BatchMeter>().FailedPasses);

    private BatchTotals Sum(Func<BatchMeter, BatchTotals> read) => new[] { Tier.Edge, Tier.Cloud }
        .Select(t => read(fabric.Services(t).GetRequiredService<BatchMeter>()))
        .Aggregate((a, b) => new BatchTotals(a.Batches + b.Batches, a.Steps + b.Steps, a.Shared + b.Shared, Math.Max(a.Largest, b.Largest)));

    // The byte tokenizer: one token per character.
    private static string Prompt(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());
}

/// <param name="PromptTokens">the longest prompt; session i's is 4 (i mod 4) tokens shorter.</param>
/// <param name="Warmup">untimed decode tokens per session after the prompt.</param>
/// <param name="Tokens">timed decode tokens per session.</param>
public sealed record FabricBatchingOptions(int PromptTokens, int Warmup, int Tokens, long Seed);

/// <param name="MeanBatch">steps per sub-block batch in the timed phase, over both silos.</param>
/// <param name="MeanPass">sessions per batched forward pass on the session side (SessionStepper), 0 when every step ran alone.</param>
/// <param name="FailedPasses">batched passes that failed, whose sessions then stepped alone.</param>
public sealed record FabricBatchingLevel(int Sessions, double TokensPerSecond, double LatencyP50Ms, double LatencyP95Ms, double MeanBatch, double MeanPass, long FailedPasses);

/// <summary>One model under one placement through the fabric, with the targets of issue 15 checked at 16 sessions.</summary>
public sealed record FabricBatchingResult(string Model, string Placement, IReadOnlyList<FabricBatchingLevel> Levels, double TargetScaling)
{
    private FabricBatchingLevel? Solo => Levels.FirstOrDefault(l => l.Sessions == 1);

    private FabricBatchingLevel? At16 => Levels.FirstOrDefault(l => l.Sessions == 16);

    public double? ScalingAt16 => Solo is { } s && At16 is { } b ? b.TokensPerSecond / s.TokensPerSecond : null;

    public double? P95RatioAt16 => Solo is { } s && At16 is { } b ? b.LatencyP95Ms / s.LatencyP95Ms : null;

    public bool? ScalingMet => ScalingAt16 is { } x ? x >= TargetScaling : null;

    public bool? P95Met => P95RatioAt16 is { } r ? r <= BatchingResult.TargetP95Ratio : null;
}
