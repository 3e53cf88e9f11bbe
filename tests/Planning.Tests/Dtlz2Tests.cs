using Splitwise.Planning.MultiObjective;

namespace Splitwise.Planning.Tests;

/// <summary>NSGA-III on DTLZ2 (3 objectives, k = 10): the true front is the unit-sphere octant.</summary>
public class Dtlz2Tests
{
    private static double[] Dtlz2(double[] x, int m)
    {
        var g = x.Skip(m - 1).Sum(v => (v - 0.5) * (v - 0.5));
        var f = new double[m];
        for (var i = 0; i < m; i++)
        {
            var v = 1 + g;
            for (var j = 0; j < m - 1 - i; j++)
                v *= Math.Cos(x[j] * Math.PI / 2);
            if (i > 0)
                v *= Math.Sin(x[m - 1 - i] * Math.PI / 2);
            f[i] = v;
        }

        return f;
    }

    [Fact]
    public void Nsga3_ReachesTheDtlz2Front_WithSmallIgd()
    {
        const int m = 3, n = 12;
        var references = ReferencePoints.DasDennis(m, 12); // 91 directions
        var operators = new RealOperators(new double[n], Enumerable.Repeat(1.0, n).ToArray());
        var nsga = new Nsga3<double[]>(operators, references, 92);

        var population = nsga.Run(x => Dtlz2(x, m), 300, new Random(7));

        // Targets: the reference directions projected on the unit sphere (Deb and Jain's IGD protocol).
        var truth = references.Select(r =>
        {
            var norm = Math.Sqrt(r.Sum(v => v * v));
            return r.Select(v => v / norm).ToArray();
        }).ToList();
        var igd = Igd.Compute(truth, population.Select(p => p.Objectives).ToList());
        Assert.True(igd < 0.05, $"IGD {igd:F4} >= 0.05");
    }

    [Fact]
    public void Nsga3_IsDeterministicForASeed()
    {
        var ops = new RealOperators(new double[5], Enumerable.Repeat(1.0, 5).ToArray());
        var refs = ReferencePoints.DasDennis(3, 4);
        var a = new Nsga3<double[]>(ops, refs, 16).Run(x => Dtlz2(x, 3), 10, new Random(3));
        var b = new Nsga3<double[]>(ops, refs, 16).Run(x => Dtlz2(x, 3), 10, new Random(3));
        Assert.Equal(a.SelectMany(i => i.Objectives), b.SelectMany(i => i.Objectives));
    }
}
