namespace Splitwise.Testbed.Cost;

/// <summary>How close predicted times came to measured ones: relative errors (predicted / measured - 1) summarised.</summary>
/// <param name="MedianAbsError">median of |error| (0.1 = 10%).</param>
/// <param name="ShareWithin20">share of predictions within 20% of the measurement.</param>
public sealed record PredictionSummary(int Count, double MedianAbsError, double ShareWithin20, double MaxAbsError)
{
    public static double Error(double predicted, double measured) =>
        measured > 0 ? predicted / measured - 1 : throw new CostModelException($"a measured time must be positive, got {measured}");

    public static PredictionSummary Of(IReadOnlyCollection<(double Predicted, double Measured)> pairs)
    {
        if (pairs.Count == 0)
            throw new CostModelException("no predictions to summarise");
        var errors = pairs.Select(p => Math.Abs(Error(p.Predicted, p.Measured))).Order().ToArray();
        var n = errors.Length;
        var median = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
        return new PredictionSummary(n, median, errors.Count(e => e <= 0.2) / (double)n, errors[^1]);
    }
}
