namespace Splitwise.Testbed.Synthetic;

/// <summary>
/// The figures a fit is judged by, over one or more capacity series (Mbit/s per step, 0 = outage), pooled:
/// the autocorrelation at lag k sums (x_t - m)(x_{t+k} - m) within each series (never across two) over the pooled
/// sum of squares, m the pooled mean.
/// </summary>
public sealed record LinkStatistics(
    int Samples,
    double MeanMbps,
    double VarianceMbps2,
    double P10Mbps,
    double P50Mbps,
    double P90Mbps,
    IReadOnlyList<double> Autocorrelation,
    double OutageRate,
    double MeanOutageSteps)
{
    public static LinkStatistics Of(IReadOnlyList<double[]> series, int lags)
    {
        var all = series.SelectMany(s => s).ToArray();
        if (all.Length == 0)
            throw new ArgumentException("no samples to describe");
        var mean = all.Average();
        var sumSq = all.Sum(x => (x - mean) * (x - mean));
        var acf = new double[lags];
        for (var k = 1; k <= lags; k++)
        {
            double sum = 0;
            foreach (var s in series)
            {
                for (var t = 0; t + k < s.Length; t++)
                    sum += (s[t] - mean) * (s[t + k] - mean);
            }

            acf[k - 1] = sumSq > 0 ? sum / sumSq : 0;
        }

        var sorted = all.Order().ToArray();
        double Q(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var outages = all.Count(x => x <= 0);
        var runs = series.Sum(s => s.Where((x, t) => x <= 0 && (t == 0 || s[t - 1] > 0)).Count());
        return new LinkStatistics(all.Length, mean, sumSq / all.Length, Q(0.1), Q(0.5), Q(0.9), acf,
            (double)outages / all.Length, runs == 0 ? 0 : (double)outages / runs);
    }
}
