using Splitwise.Inference.Models;

namespace Splitwise.Inference.Generation;

/// <summary>Prefill the prompt, then decode one token at a time: the token loop of a generation.</summary>
public static class TextGenerator
{
    /// <summary>Yields each generated token as soon as it is sampled.</summary>
    public static IEnumerable<int> Generate(ICausalLm model, IReadOnlyList<int> prompt, int maxNewTokens, SamplingOptions sampling)
    {
        if (prompt.Count == 0)
            throw new ArgumentException("the prompt is empty: at least one token is needed to condition on");
        if (prompt.Count >= model.Shape.MaxSeqLen)
            throw new ContextOverflowException(prompt.Count + 1, model.Shape.MaxSeqLen);
        if (prompt.Any(t => t < 0 || t >= model.Shape.VocabSize))
            throw new ArgumentException($"prompt holds a token outside the vocabulary of {model.Shape.VocabSize}");
        return Loop(model, prompt, Math.Min(maxNewTokens, model.Shape.MaxSeqLen - prompt.Count), new Sampler(sampling));
    }

    private static IEnumerable<int> Loop(ICausalLm model, IReadOnlyList<int> prompt, int maxNewTokens, Sampler sampler)
    {
        using var session = model.StartSession();
        var logits = session.Forward(prompt);
        for (var i = 0; i < maxNewTokens; i++)
        {
            int next;
            using (logits)
            using (var last = logits[-1])
                next = sampler.Next(last);
            yield return next;
            if (i + 1 < maxNewTokens)
                logits = session.Forward([next]);
        }
    }
}
