using Splitwise.Inference.Models;
using static TorchSharp.torch;

namespace Splitwise.Inference.Tests.Models;

/// <summary>
/// Prefill a prompt, then greedy-decode: the candidate (with its KV caches) against the reference
/// recomputed from scratch over the whole sequence at every step (no cache at all).
/// </summary>
public static class ParityCheck
{
    public sealed record Result(double MaxLogitDiff, int[] CandidateTokens, int[] ReferenceTokens);

    public static Result Run(ICausalLm candidate, ICausalLm reference, int[] prompt, int decodeSteps)
    {
        using var _ = no_grad();
        using var session = candidate.StartSession();
        var sequence = prompt.ToList();
        var referenceSequence = prompt.ToList();
        double maxDiff = 0;
        var logits = session.Forward(prompt);
        for (var step = 0; step <= decodeSteps; step++)
        {
            int next;
            using (NewDisposeScope())
            {
                using var fresh = reference.StartSession();
                var full = fresh.Forward(referenceSequence);
                var expected = full.narrow(0, full.shape[0] - logits.shape[0], logits.shape[0]);
                maxDiff = Math.Max(maxDiff, (logits - expected).abs().max().item<float>());
                next = (int)logits[-1].argmax().item<long>();
                referenceSequence.Add((int)expected[-1].argmax().item<long>());
            }

            logits.Dispose();
            sequence.Add(next);
            if (step == decodeSteps)
                break;
            logits = session.Forward([next]);
        }

        return new Result(maxDiff, sequence.Skip(prompt.Length).ToArray(), referenceSequence.Skip(prompt.Length).ToArray());
    }
}
