using System.Diagnostics;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Cli.Bench;

/// <summary>
/// Decode tokens/s of the monolithic reference and of in-process decomposed models over the same
/// weights, interleaved: each round, every contestant decodes the same K tokens at the same
/// positions, the starting contestant rotating from round to round, so that slow phases of a shared
/// machine fall on all of them alike.
/// </summary>
public sealed class ForwardBench(BenchModel model, IReadOnlyList<Granularity> granularities, ForwardBenchOptions options)
{
    public ForwardResult Run()
    {
        var shape = model.Shape;
        if (options.TotalTokens > shape.MaxSeqLen)
            throw new CliUsageException($"prompt + warm-up + rounds x steps = {options.TotalTokens} tokens exceeds the context of {shape.MaxSeqLen}");

        var decomposed = granularities.Select(g => new DecomposedTransformer(model.Reader, g.Spec)).ToArray();
        try
        {
            ICausalLm[] contestants = [model.Reference, .. decomposed];
            var perRound = Measure(contestants, out var lastLogits);
            var mono = SampleStats.Of(perRound[0]);
            var comparisons = granularities.Select((g, i) =>
            {
                var series = perRound[i + 1];
                var stats = SampleStats.Of(series);
                var paired = series.Select((tps, r) => tps / perRound[0][r]).ToArray();
                return new ForwardComparison(g.Name, g.Spec.KvHeadsPerGroup, g.Spec.HeadGroups(shape.NKvHead), g.Spec.FfnSlices,
                    stats, stats.Median / mono.Median, SampleStats.Of(paired), MaxAbsDiff(lastLogits[i + 1], lastLogits[0]));
            }).ToArray();
            foreach (var l in lastLogits)
                l.Dispose();
            return new ForwardResult(model.Name, shape.NLayer, shape.DModel, shape.NHead, shape.MaxSeqLen, shape.VocabSize, options, mono, comparisons);
        }
        finally
        {
            foreach (var d in decomposed)
                d.Dispose();
        }
    }

    private static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).abs().max().item<float>();
    }

    /// <returns>tokens/s per contestant per round; <paramref name="lastLogits"/>: each one's last step.</returns>
    private List<double>[] Measure(IReadOnlyList<ICausalLm> contestants, out Tensor[] lastLogits)
    {
        var random = new Random((int)options.Seed);
        var tokens = Enumerable.Range(0, options.TotalTokens).Select(_ => random.Next(model.Shape.VocabSize)).ToArray();
        var sessions = contestants.Select(c => c.StartSession()).ToArray();
        var perRound = contestants.Select(_ => new List<double>()).ToArray();
        lastLogits = new Tensor[contestants.Count];
        try
        {
            foreach (var s in sessions)
            {
                s.Forward(tokens[..options.PromptTokens]).Dispose();
                for (var i = 0; i < options.WarmupSteps; i++)
                    s.Forward([tokens[options.PromptTokens + i]]).Dispose();
            }

            var position = options.PromptTokens + options.WarmupSteps;
            for (var round = 0; round < options.Rounds; round++, position += options.StepsPerRound)
            {
                for (var turn = 0; turn < contestants.Count; turn++)
                {
                    var c = (round + turn) % contestants.Count;
                    var started = Stopwatch.GetTimestamp();
                    Tensor? logits = null;
                    for (var i = 0; i < options.StepsPerRound; i++)
                    {
                        logits?.Dispose();
                        logits = sessions[c].Forward([tokens[position + i]]);
                    }

                    perRound[c].Add(options.StepsPerRound / Stopwatch.GetElapsedTime(started).TotalSeconds);
                    lastLogits[c]?.Dispose();
                    lastLogits[c] = logits!;
                }
            }

            return perRound;
        }
        finally
        {
            foreach (var s in sessions)
                s.Dispose();
        }
    }
}
