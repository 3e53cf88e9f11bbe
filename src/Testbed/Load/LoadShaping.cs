namespace Splitwise.Testbed.Load;

/// <summary>
/// Fitting a recorded or synthetic workload to the machine under test: time-scaled to a mean arrival rate (the trace
/// serves ~5.5 requests/s on a production cluster), clipped to the model's context, and Poisson arrivals for the
/// simplest open-loop test.
/// </summary>
public static class LoadShaping
{
    /// <summary>Arrival times scaled so the mean rate over the requests is <paramref name="rate"/> per second.</summary>
    public static List<LoadRequest> ToRate(IReadOnlyList<LoadRequest> requests, double rate)
    {
        if (rate <= 0)
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "a rate is positive");
        if (requests.Count < 2)
            return requests.Select(r => r with { ArrivalSeconds = 0 }).ToList();
        var start = requests[0].ArrivalSeconds;
        var span = requests[^1].ArrivalSeconds - start;
        var scale = span <= 0 ? 0 : (requests.Count - 1) / rate / span;
        return requests.Select(r => r with { ArrivalSeconds = (r.ArrivalSeconds - start) * scale }).ToList();
    }

    /// <summary>Output capped at <paramref name="maxOutput"/>, then the prompt cut so prompt + output fit the context.</summary>
    public static List<LoadRequest> Clip(IEnumerable<LoadRequest> requests, int context, int maxOutput)
    {
        if (maxOutput < 1 || context <= maxOutput)
            throw new ArgumentOutOfRangeException(nameof(maxOutput), maxOutput, $"needs 1 <= max output < context ({context})");
        return requests.Select(r =>
        {
            var output = Math.Clamp(r.OutputTokens, 1, maxOutput);
            return r with { OutputTokens = output, PromptTokens = Math.Clamp(r.PromptTokens, 1, context - output) };
        }).ToList();
    }

    /// <summary>Poisson arrivals at <paramref name="rate"/>; lengths from <paramref name="lengths"/> (the same seed, the same requests).</summary>
    public static List<LoadRequest> Poisson(int count, double rate, SyntheticLoadModel lengths, int seed)
    {
        var random = new Random(seed);
        var drawn = lengths.Generate(count, seed);
        var t = 0.0;
        return drawn.Select(r =>
        {
            var at = t;
            t += -Math.Log(1 - random.NextDouble()) / rate;
            return r with { ArrivalSeconds = at };
        }).ToList();
    }
}
