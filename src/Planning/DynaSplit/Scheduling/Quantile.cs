namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>Empirical quantile with linear interpolation between order statistics (type 7, as numpy's default).</summary>
public static class Quantile
{
    public static double Of(IReadOnlyList<double> samples, double q)
    {
        if (samples.Count == 0)
            throw new ArgumentException("no samples", nameof(samples));
        var sorted = samples.Order().ToArray();
        var h = (sorted.Length - 1) * Math.Clamp(q, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
