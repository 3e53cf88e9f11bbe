using TorchSharp;
using static TorchSharp.torch;

namespace Splitwise.Inference.Generation;

/// <summary>Picks the next token from one position's logits: greedy, or temperature with optional top-k and top-p.</summary>
public sealed class Sampler
{
    private readonly SamplingOptions _options;
    private readonly Random _random;

    public Sampler(SamplingOptions options)
    {
        options.Validate();
        _options = options;
        _random = new Random(options.Seed);
    }

    /// <summary>
    /// Advances the generator past <paramref name="samples"/> earlier samples (each non-greedy sample draws once), so
    /// that a sampler rebuilt from its options continues a stored generation exactly.
    /// </summary>
    public void Skip(int samples)
    {
        if (_options.Temperature == 0)
            return;
        for (var i = 0; i < samples; i++)
            _random.NextDouble();
    }

    /// <param name="logits">[vocab] for the position being predicted.</param>
    public int Next(Tensor logits)
    {
        if (_options.Temperature == 0)
        {
            using var best = logits.argmax();
            return (int)best.item<long>();
        }

        using var scope = NewDisposeScope();
        using var temperature = _options.Temperature.ToScalar();
        var scaled = logits.to(ScalarType.Float64).div(temperature);
        Tensor candidates;
        if (_options.TopK > 0 && _options.TopK < logits.shape[0])
        {
            var (values, indices) = scaled.topk(_options.TopK);
            scaled = values;
            candidates = indices;
        }
        else
        {
            candidates = arange(logits.shape[0]);
        }

        // Inverse-CDF draw with our own seeded Random, so a seed reproduces a generation exactly.
        var probabilities = scaled.softmax(0).data<double>().ToArray();
        if (_options.TopP < 1)
            Nucleus(probabilities, _options.TopP);
        var u = _random.NextDouble();
        var chosen = probabilities.Length - 1;
        for (var i = 0; i < probabilities.Length; i++)
        {
            u -= probabilities[i];
            if (u <= 0)
            {
                chosen = i;
                break;
            }
        }

        return (int)candidates[chosen].item<long>();
    }

    /// <summary>Zeroes every candidate outside the nucleus (the most likely ones whose sum first reaches topP) and renormalises.</summary>
    public static void Nucleus(double[] probabilities, double topP)
    {
        var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        var kept = 0.0;
        var keep = 0;
        while (keep < order.Length && kept < topP)
            kept += probabilities[order[keep++]];
        for (var i = keep; i < order.Length; i++)
            probabilities[order[i]] = 0;
        for (var i = 0; i < probabilities.Length; i++)
            probabilities[i] /= kept;
    }
}
