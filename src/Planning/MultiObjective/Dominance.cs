namespace Splitwise.Planning.MultiObjective;

/// <summary>Pareto dominance for minimisation: every objective is a cost.</summary>
public static class Dominance
{
    /// <summary>True when <paramref name="a"/> is no worse than <paramref name="b"/> everywhere and better somewhere.</summary>
    public static bool Dominates(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var strictlyBetter = false;
        for (var m = 0; m < a.Count; m++)
        {
            if (a[m] > b[m])
                return false;
            if (a[m] < b[m])
                strictlyBetter = true;
        }

        return strictlyBetter;
    }

    /// <summary>Indices of the points no other point dominates (the first front), in input order.</summary>
    public static IReadOnlyList<int> NonDominatedIndices(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var result = new List<int>();
        for (var i = 0; i < points.Count; i++)
        {
            var dominated = false;
            for (var j = 0; j < points.Count && !dominated; j++)
                dominated = j != i && Dominates(points[j], points[i]);
            if (!dominated)
                result.Add(i);
        }

        return result;
    }
}
