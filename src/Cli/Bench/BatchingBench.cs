using System.Diagnostics;
using Splitwise.Contracts;
using Splitwise.Inference.Decomposition;
using static TorchSharp.torch;

namespace Splitwise.Cli.Bench;

/// <summary>
/// Decode throughput of N concurrent sessions on one decomposed model, two ways over the same
/// sessions, interleaved round by round: one batched step (<see cref="DecomposedTransformer.ForwardBatch"/>,
/// one token per session) and the N sessions stepped one by one (each its own Forward). Which way
/// goes first alternates per round, so both see the same positions and the same noise.
/// </summary>
public sealed class BatchingBench(string name, ISubBlockWeightReader reader, BatchingBenchOptions options, double targetScaling, bool slabs)
{
    public BatchingResult Run()
    {
        var shape = reader.Shape;
        if (options.TotalTokens > shape.MaxSeqLen)
            throw new CliUsageException($"prompt + 2 x (warm-up + rounds) = {options.TotalTokens} tokens exceeds the context of {shape.MaxSeqLen}");
        var spec = DecompositionSpec.Default(shape.NKvHead);
        using var model = new DecomposedTransformer(reader, spec);
        if (slabs)
            model.UseSlabs(options.Levels.Max());
        // The process's first steps pay the JIT and libtorch's warm-up: the first level once untimed, so that its figure
        // (every ratio's denominator) does not.
        _ = Measure(model, options.Levels[0]);
        var levels = options.Levels.Select(n => Measure(model, n)).ToArray();
        var solo = levels.FirstOrDefault(l => l.Sessions == 1);
        var at16 = levels.FirstOrDefault(l => l.Sessions == 16);
        var cut = $"{spec.HeadGroups(shape.NKvHead)} head groups, {spec.FfnSlices} FFN slices";
        return new BatchingResult(name, shape.NLayer, shape.DModel, shape.NHead, shape.VocabSize, cut, levels, targetScaling,
            solo is null || at16 is null ? null : at16.BatchedTokensPerSecond / solo.BatchedTokensPerSecond,
            solo is null || at16 is null ? null : at16.BatchedLatencyP95Ms / solo.BatchedLatencyP95Ms);
    }

    private BatchingLevel Measure(DecomposedTransformer model, int n)
    {
        var random = new Random((int)options.Seed + n);
        var vocab = model.Shape.VocabSize;
        var sessions = Enumerable.Range(0, n).Select(_ => model.StartSession()).ToArray();
        var batchedMs = new List<double>();
        var sequentialMs = new List<double>();
        try
        {
            using (no_grad())
            {
                for (var i = 0; i < n; i++)
                    sessions[i].Forward(Enumerable.Range(0, options.PromptTokens - 4 * (i % 4)).Select(_ => random.Next(vocab)).ToArray()).Dispose();
            }

            for (var round = 0; round < options.WarmupRounds + options.Rounds; round++)
            {
                var timed = round >= options.WarmupRounds;
                var batchedFirst = round % 2 == 0;
                for (var turn = 0; turn < 2; turn++)
                {
                    var tokens = sessions.Select(_ => (IReadOnlyList<int>)[random.Next(vocab)]).ToArray();
                    var ms = turn == 0 == batchedFirst ? Batched(model, sessions, tokens) : Sequential(sessions, tokens);
                    if (timed)
                        (turn == 0 == batchedFirst ? batchedMs : sequentialMs).Add(ms);
                }
            }
        }
        finally
        {
            foreach (var s in sessions)
                s.Dispose();
        }

        var b = batchedMs.Order().ToArray();
        var s2 = sequentialMs.Order().ToArray();
        return new BatchingLevel(n,
            n * b.Length / (b.Sum() / 1000), n * s2.Length / (s2.Sum() / 1000),
            SampleStats.Percentile(b, 0.5), SampleStats.Percentile(b, 0.95),
            SampleStats.Percentile(s2, 0.5), SampleStats.Percentile(s2, 0.95));
    }

    private static double Batched(DecomposedTransformer model, DecomposedSession[] sessions, IReadOnlyList<int>[] tokens)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var logits in model.ForwardBatch(sessions, tokens))
            logits.Dispose();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Sequential(DecomposedSession[] sessions, IReadOnlyList<int>[] tokens)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < sessions.Length; i++)
            sessions[i].Forward(tokens[i]).Dispose();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
