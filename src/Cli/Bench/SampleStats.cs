namespace Splitwise.Cli.Bench;

/// <summary>
/// Median and spread of repeated timings. Percentiles interpolate linearly between order statistics
/// (the "type 7" rule of R and NumPy), so a small sample still gives a stable p10/p90.
/// </summary>
public sealed record SampleStats(int Count, double Median, double P10, double P90, double Min, double Max)
{
    public static SampleStats Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
            throw new ArgumentException("no samples", nameof(samples));
        var sorted = samples.Order().ToArray();
        return new SampleStats(
            sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.1), Percentile(sorted, 0.9), sorted[0], sorted[^1]);
    }

    /// <param name="sorted">ascending samples.</param>
    /// <param name="p">in [0, 1].</param>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("no samples", nameof(sorted));
        if (p is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "a percentile is in [0, 1]");
        var rank = p * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>The same statistics of every sample times <paramref name="factor"/> (e.g. ms to ms per token).</summary>
    public SampleStats Scale(double factor) =>
        factor >= 0
            ? new SampleStats(Count, Median * factor, P10 * factor, P90 * factor, Min * factor, Max * factor)
            : throw new ArgumentOutOfRangeException(nameof(factor), factor, "a negative factor would swap the percentiles");
}
