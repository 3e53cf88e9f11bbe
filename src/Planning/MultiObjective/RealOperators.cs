namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// Real-coded variation of Deb and Agrawal: simulated binary crossover (SBX) and polynomial mutation,
/// bounded to [lower, upper] per gene. The defaults (eta_c = 30, eta_m = 20, p_m = 1/n) are the ones
/// Deb and Jain used for NSGA-III on DTLZ.
/// </summary>
public sealed class RealOperators(double[] lower, double[] upper, double crossoverEta = 30, double mutationEta = 20,
    double crossoverProbability = 1.0, double? mutationProbability = null) : IGenomeOperators<double[]>
{
    private readonly double _pm = mutationProbability ?? 1.0 / lower.Length;

    public double[] CreateRandom(Random random) =>
        lower.Select((lo, i) => lo + random.NextDouble() * (upper[i] - lo)).ToArray();

    public (double[] First, double[] Second) Crossover(double[] a, double[] b, Random random)
    {
        var c1 = (double[])a.Clone();
        var c2 = (double[])b.Clone();
        if (random.NextDouble() > crossoverProbability)
            return (c1, c2);
        for (var i = 0; i < a.Length; i++)
        {
            if (random.NextDouble() > 0.5 || Math.Abs(a[i] - b[i]) < 1e-14)
                continue;
            var u = random.NextDouble();
            var beta = u <= 0.5
                ? Math.Pow(2 * u, 1.0 / (crossoverEta + 1))
                : Math.Pow(1.0 / (2 * (1 - u)), 1.0 / (crossoverEta + 1));
            var mean = 0.5 * (a[i] + b[i]);
            var half = 0.5 * beta * Math.Abs(a[i] - b[i]);
            c1[i] = Math.Clamp(mean - half, lower[i], upper[i]);
            c2[i] = Math.Clamp(mean + half, lower[i], upper[i]);
            if (random.NextDouble() < 0.5)
                (c1[i], c2[i]) = (c2[i], c1[i]);
        }

        return (c1, c2);
    }

    public double[] Mutate(double[] genome, Random random)
    {
        var g = (double[])genome.Clone();
        for (var i = 0; i < g.Length; i++)
        {
            if (random.NextDouble() >= _pm)
                continue;
            var range = upper[i] - lower[i];
            var u = random.NextDouble();
            var delta = u < 0.5
                ? Math.Pow(2 * u, 1.0 / (mutationEta + 1)) - 1
                : 1 - Math.Pow(2 * (1 - u), 1.0 / (mutationEta + 1));
            g[i] = Math.Clamp(g[i] + delta * range, lower[i], upper[i]);
        }

        return g;
    }
}
