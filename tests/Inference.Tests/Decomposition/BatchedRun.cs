using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Inference.Tests.Decomposition;

/// <summary>One generation in a batching scenario: its prompt, the global step it joins at, its decode steps.</summary>
public sealed record BatchedGeneration(int[] Prompt, int JoinAt, int DecodeSteps);

/// <summary>
/// Greedy generations run two ways: together through <see cref="DecomposedTransformer.ForwardBatch"/>
/// (continuous batching: each global step batches every session that has joined and not yet left,
/// a joining session's prompt rows next to the others' decode rows), or each alone through a session
/// of any <see cref="ICausalLm"/>. Each way records, per generation, the last row of logits of every
/// step and the greedy tokens.
/// </summary>
public static class BatchedRun
{
    public sealed record Trace(List<float[]> Logits, List<int> Tokens);

    public static Trace[] Together(DecomposedTransformer model, IReadOnlyList<BatchedGeneration> generations)
    {
        using var _ = no_grad();
        var traces = generations.Select(_ => new Trace([], [])).ToArray();
        var sessions = new DecomposedSession?[generations.Count];
        try
        {
            for (var step = 0; traces.Select((t, i) => t.Tokens.Count <= generations[i].DecodeSteps).Any(x => x); step++)
            {
                var active = Enumerable.Range(0, generations.Count)
                    .Where(i => generations[i].JoinAt <= step && traces[i].Tokens.Count <= generations[i].DecodeSteps).ToArray();
                if (active.Length == 0)
                    continue;
                foreach (var i in active)
                    sessions[i] ??= model.StartSession();
                var tokens = active.Select(i => (IReadOnlyList<int>)(traces[i].Tokens.Count == 0 ? generations[i].Prompt : [traces[i].Tokens[^1]])).ToArray();
                var logits = model.ForwardBatch(active.Select(i => sessions[i]!).ToArray(), tokens);
                for (var a = 0; a < active.Length; a++)
                {
                    Record(traces[active[a]], logits[a]);
                    logits[a].Dispose();
                }

                // A session leaves as soon as its last token is out; its caches go with it.
                foreach (var i in active.Where(i => traces[i].Tokens.Count > generations[i].DecodeSteps))
                {
                    sessions[i]!.Dispose();
                    sessions[i] = null;
                }
            }
        }
        finally
        {
            foreach (var s in sessions)
                s?.Dispose();
        }

        return traces;
    }

    public static Trace[] Alone(ICausalLm model, IReadOnlyList<BatchedGeneration> generations) =>
        generations.Select(g =>
        {
            using var _ = no_grad();
            using var session = model.StartSession();
            var trace = new Trace([], []);
            var logits = session.Forward(g.Prompt);
            for (var step = 0; ; step++)
            {
                Record(trace, logits);
                logits.Dispose();
                if (step == g.DecodeSteps)
                    return trace;
                logits = session.Forward([trace.Tokens[^1]]);
            }
        }).ToArray();

    public static double MaxDiff(Trace[] a, Trace[] b) =>
        a.Zip(b).SelectMany(p => p.First.Logits.Zip(p.Second.Logits))
            .Max(rows => rows.First.Zip(rows.Second).Max(v => (double)Math.Abs(v.First - v.Second)));

    private static void Record(Trace trace, Tensor logits)
    {
        var last = logits[-1].contiguous();
        trace.Logits.Add(last.data<float>().ToArray());
        trace.Tokens.Add((int)last.argmax().item<long>());
    }
}
