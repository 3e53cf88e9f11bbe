namespace Splitwise.Testbed.Load;

/// <summary>
/// A synthetic LLM serving workload fitted to a real trace, for when the trace is absent. Arrivals: a Poisson process
/// whose rate is constant over each window of <see cref="WindowSeconds"/> and whose log-rate follows an AR(1) process
/// across windows (mean, standard deviation and lag-1 autocorrelation fitted to the trace's per-window counts); this
/// gives the minute-scale burstiness of the trace while arrivals within a minute stay Poisson. Prompt and output
/// lengths: drawn independently from the trace's empirical quantiles (inverse CDF, linear between the quantiles at
/// 0, 2.5%, ..., 97.5%, then 98, 99, 99.5, 99.9 and 100% for the heavy tail); the trace's correlation between them is not modelled.
/// </summary>
public sealed record SyntheticLoadModel(
    string FittedTo, double WindowSeconds, double LogRateMean, double LogRateSd, double LogRateAutocorrelation,
    double[] PromptQuantiles, double[] OutputQuantiles)
{
    public static IReadOnlyList<double> QuantileProbabilities { get; } =
        [.. Enumerable.Range(0, 40).Select(i => i / 40.0), 0.98, 0.99, 0.995, 0.999, 1.0];

    public static SyntheticLoadModel Fit(IReadOnlyList<LoadRequest> requests, string fittedTo, double windowSeconds = 30)
    {
        var start = requests[0].ArrivalSeconds;
        var windows = (int)Math.Floor((requests[^1].ArrivalSeconds - start) / windowSeconds);
        if (windows < 3)
            throw new ArgumentException($"the trace spans fewer than 3 windows of {windowSeconds} s", nameof(requests));
        var counts = new double[windows];
        foreach (var r in requests)
        {
            var w = (int)((r.ArrivalSeconds - start) / windowSeconds);
            if (w < windows)
                counts[w]++;
        }

        // Half a request keeps an empty window's log finite.
        var logRates = counts.Select(c => Math.Log((c + 0.5) / windowSeconds)).ToArray();
        var mean = logRates.Average();
        var variance = logRates.Average(x => (x - mean) * (x - mean));
        var lag1 = logRates.Zip(logRates.Skip(1), (a, b) => (a - mean) * (b - mean)).Sum() / (variance * logRates.Length);
        return new SyntheticLoadModel(fittedTo, windowSeconds, mean, Math.Sqrt(variance), Math.Clamp(lag1, -0.99, 0.99),
            LoadStatistics.Quantiles(requests.Select(r => (double)r.PromptTokens), QuantileProbabilities),
            LoadStatistics.Quantiles(requests.Select(r => (double)r.OutputTokens), QuantileProbabilities));
    }

    /// <summary><paramref name="count"/> requests; the same seed gives the same requests.</summary>
    public List<LoadRequest> Generate(int count, int seed) => Generate(seed, (requests, _) => requests.Count >= count);

    /// <summary>The requests that arrive in the first <paramref name="durationSeconds"/>; the same seed gives the same requests (a prefix of <see cref="Generate(int, int)"/>'s).</summary>
    public List<LoadRequest> GenerateFor(double durationSeconds, int seed) => Generate(seed, (_, t) => t >= durationSeconds);

    /// <summary>One request's prompt and output lengths, drawn independently from the fitted quantiles.</summary>
    public (int Prompt, int Output) DrawLengths(Random random) => (Draw(PromptQuantiles, random), Draw(OutputQuantiles, random));

    private List<LoadRequest> Generate(int seed, Func<List<LoadRequest>, double, bool> done)
    {
        var random = new Random(seed);
        var requests = new List<LoadRequest>();
        var x = LogRateMean + LogRateSd * Normal(random);
        var windowStart = 0.0;
        var t = 0.0;
        while (!done(requests, t))
        {
            var rate = Math.Exp(x);
            var next = t + -Math.Log(1 - random.NextDouble()) / rate;
            if (next >= windowStart + WindowSeconds)
            {
                // Memoryless: restart the clock at the window boundary with the next window's rate.
                windowStart += WindowSeconds;
                t = windowStart;
                x = LogRateMean + LogRateAutocorrelation * (x - LogRateMean) + LogRateSd * Math.Sqrt(1 - LogRateAutocorrelation * LogRateAutocorrelation) * Normal(random);
                continue;
            }

            t = next;
            if (done(requests, t))
                break;
            var (prompt, output) = DrawLengths(random);
            requests.Add(new LoadRequest(t, prompt, output));
        }

        return requests;
    }

    private static int Draw(double[] quantiles, Random random)
    {
        var u = random.NextDouble();
        var p = QuantileProbabilities;
        var i = 1;
        while (i < p.Count - 1 && p[i] < u)
            i++;
        var share = (u - p[i - 1]) / (p[i] - p[i - 1]);
        return Math.Max(1, (int)Math.Round(quantiles[i - 1] + share * (quantiles[i] - quantiles[i - 1])));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
