namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// NSGA-III's adaptive normalisation (Deb and Jain, 2014, section IV-C): translate by the ideal point,
/// find one extreme point per axis with the achievement scalarising function, and scale each axis by
/// the intercept of the hyperplane through the extremes. Falls back to the per-axis maximum of the
/// translated objectives when the extremes are degenerate (singular system, negative or tiny intercepts),
/// the usual repair that keeps a run alive on discrete or collapsed fronts.
/// </summary>
public static class Normalization
{
    private const double AsfEpsilon = 1e-6;
    private const double TinyIntercept = 1e-10;

    public static double[][] Normalize(IReadOnlyList<IReadOnlyList<double>> objectives)
    {
        var m = objectives[0].Count;
        var ideal = new double[m];
        for (var k = 0; k < m; k++)
            ideal[k] = objectives.Min(o => o[k]);

        var translated = objectives.Select(o => o.Select((v, k) => v - ideal[k]).ToArray()).ToArray();
        var intercepts = Intercepts(translated, m);
        return translated.Select(t => t.Select((v, k) => v / intercepts[k]).ToArray()).ToArray();
    }

    /// <summary>Axis scales: hyperplane intercepts, or the per-axis maxima when those are unusable.</summary>
    public static double[] Intercepts(double[][] translated, int m)
    {
        var extremes = new double[m][];
        for (var axis = 0; axis < m; axis++)
            extremes[axis] = translated.MinBy(t => Asf(t, axis))!;

        var maxima = new double[m];
        for (var k = 0; k < m; k++)
            maxima[k] = Math.Max(translated.Max(t => t[k]), TinyIntercept);

        var plane = LinearSystem.Solve(extremes, Enumerable.Repeat(1.0, m).ToArray());
        if (plane is null)
            return maxima;
        var intercepts = new double[m];
        for (var k = 0; k < m; k++)
        {
            if (plane[k] <= TinyIntercept)
                return maxima;
            intercepts[k] = 1.0 / plane[k];
            if (!double.IsFinite(intercepts[k]) || intercepts[k] <= TinyIntercept)
                return maxima;
        }

        return intercepts;
    }

    private static double Asf(double[] t, int axis)
    {
        var worst = double.NegativeInfinity;
        for (var k = 0; k < t.Length; k++)
            worst = Math.Max(worst, t[k] / (k == axis ? 1.0 : AsfEpsilon));
        return worst;
    }
}
