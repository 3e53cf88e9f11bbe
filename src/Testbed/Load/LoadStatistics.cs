namespace Splitwise.Testbed.Load;

/// <summary>
/// What `fit-load` compares between the real trace and the synthetic workload: the arrival rate, the inter-arrival
/// distribution (mean, coefficient of variation, quantiles), burstiness as the index of dispersion of counts
/// (variance / mean of arrivals per window; 1 for Poisson, larger when bursty) at 1, 10 and 60 s, and the prompt
/// and output length distributions.
/// </summary>
public sealed record LoadStatistics(
    int Requests, double DurationSeconds, double MeanRate, double InterArrivalMean, double InterArrivalCv,
    double[] InterArrivalQuantiles, double Idc1, double Idc10, double Idc60, double PromptMean, double[] PromptQuantiles,
    double OutputMean, double[] OutputQuantiles)
{
    /// <summary>The probabilities of the quantile columns: p10, p50, p90, p99.</summary>
    public static readonly double[] Probabilities = [0.10, 0.50, 0.90, 0.99];

    public static LoadStatistics Of(IReadOnlyList<LoadRequest> requests)
    {
        if (requests.Count < 2)
            throw new ArgumentException("statistics need at least two requests", nameof(requests));
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b.ArrivalSeconds - a.ArrivalSeconds).ToArray();
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean)));
        var duration = requests[^1].ArrivalSeconds - requests[0].ArrivalSeconds;
        return new LoadStatistics(requests.Count, duration, (requests.Count - 1) / duration, mean, sd / mean, Quantiles(gaps),
            Dispersion(requests, 1), Dispersion(requests, 10), Dispersion(requests, 60),
            requests.Average(r => r.PromptTokens), Quantiles(requests.Select(r => (double)r.PromptTokens)),
            requests.Average(r => r.OutputTokens), Quantiles(requests.Select(r => (double)r.OutputTokens)));
    }

    /// <summary>Variance over mean of the arrivals per window of <paramref name="seconds"/>; NaN when the requests span fewer than two windows.</summary>
    public static double Dispersion(IReadOnlyList<LoadRequest> requests, double seconds)
    {
        var start = requests[0].ArrivalSeconds;
        var windows = (int)Math.Floor((requests[^1].ArrivalSeconds - start) / seconds);
        if (windows < 2)
            return double.NaN;
        var counts = new double[windows];
        foreach (var r in requests)
        {
            var w = (int)((r.ArrivalSeconds - start) / seconds);
            if (w < windows)
                counts[w]++;
        }

        var mean = counts.Average();
        return mean == 0 ? double.NaN : counts.Average(c => (c - mean) * (c - mean)) / mean;
    }

    /// <summary>Quantiles at <see cref="Probabilities"/>, linear between order statistics.</summary>
    public static double[] Quantiles(IEnumerable<double> values, IReadOnlyList<double>? probabilities = null)
    {
        var sorted = values.Order().ToArray();
        return (probabilities ?? Probabilities).Select(p => Quantile(sorted, p)).ToArray();
    }

    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
