namespace Splitwise.Testbed.Learning;

/// <summary>A categorical distribution over masked logits (false = never chosen): argmax, sampling, log-probability, entropy. No allocation.</summary>
public static class Categorical
{
    public static int Argmax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        var best = -1;
        for (var i = 0; i < logits.Length; i++)
            if (mask[i] && (best < 0 || logits[i] > logits[best]))
                best = i;
        return best >= 0 ? best : throw new ArgumentException("every choice is masked");
    }

    public static int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Random random)
    {
        var max = logits[Argmax(logits, mask)];
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
            total += mask[i] ? Math.Exp(logits[i] - max) : 0;
        var u = random.NextDouble() * total;
        var last = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            if (!mask[i])
                continue;
            last = i;
            u -= Math.Exp(logits[i] - max);
            if (u < 0)
                return i;
        }

        return last;
    }

    public static double LogProb(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int choice)
    {
        var max = logits[Argmax(logits, mask)];
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
            total += mask[i] ? Math.Exp(logits[i] - max) : 0;
        return logits[choice] - max - Math.Log(total);
    }
}
