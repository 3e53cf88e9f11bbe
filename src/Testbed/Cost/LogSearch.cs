namespace Splitwise.Testbed.Cost;

/// <summary>
/// Minimises a function of one positive variable over [low, high] on a log scale: a coarse scan (so a flat or
/// bumpy objective cannot trap it), then golden-section refinement around the best scanned point. Deterministic.
/// </summary>
public static class LogSearch
{
    private const int ScanPoints = 49;
    private const int RefineSteps = 40;
    private static readonly double InverseGolden = (Math.Sqrt(5) - 1) / 2;

    public static double Minimise(Func<double, double> objective, double low, double high)
    {
        if (!(low > 0) || !(high > low))
            throw new CostModelException($"a log search needs 0 < low < high, got [{low}, {high}]");
        double logLow = Math.Log(low), step = (Math.Log(high) - logLow) / (ScanPoints - 1);
        var best = 0;
        var bestValue = double.PositiveInfinity;
        for (var i = 0; i < ScanPoints; i++)
        {
            var value = objective(Math.Exp(logLow + i * step));
            if (value < bestValue)
                (best, bestValue) = (i, value);
        }

        double a = logLow + Math.Max(best - 1, 0) * step, b = logLow + Math.Min(best + 1, ScanPoints - 1) * step;
        double x1 = b - InverseGolden * (b - a), x2 = a + InverseGolden * (b - a);
        double f1 = objective(Math.Exp(x1)), f2 = objective(Math.Exp(x2));
        for (var i = 0; i < RefineSteps; i++)
        {
            if (f1 <= f2)
            {
                (b, x2, f2) = (x2, x1, f1);
                x1 = b - InverseGolden * (b - a);
                f1 = objective(Math.Exp(x1));
            }
            else
            {
                (a, x1, f1) = (x1, x2, f2);
                x2 = a + InverseGolden * (b - a);
                f2 = objective(Math.Exp(x2));
            }
        }

        var refined = Math.Exp(f1 <= f2 ? x1 : x2);
        return Math.Min(f1, f2) <= bestValue ? refined : Math.Exp(logLow + best * step);
    }
}
