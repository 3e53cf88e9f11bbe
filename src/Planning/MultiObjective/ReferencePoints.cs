namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// Das and Dennis's (1998) structured points on the unit simplex: every vector of M non-negative
/// multiples of 1/H that sums to 1. There are C(H + M - 1, M - 1) of them (91 for M = 3, H = 12),
/// which NSGA-III uses as the directions its niching keeps populated.
/// </summary>
public static class ReferencePoints
{
    public static IReadOnlyList<double[]> DasDennis(int objectives, int divisions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objectives, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(divisions, 1);
        var points = new List<double[]>();
        Recurse(new int[objectives], 0, divisions, divisions, points);
        return points;
    }

    public static long Count(int objectives, int divisions)
    {
        // C(H + M - 1, M - 1), computed incrementally to stay exact.
        long result = 1;
        for (var i = 1; i <= objectives - 1; i++)
            result = result * (divisions + i) / i;
        return result;
    }

    private static void Recurse(int[] counts, int index, int left, int divisions, List<double[]> output)
    {
        if (index == counts.Length - 1)
        {
            counts[index] = left;
            output.Add(counts.Select(c => (double)c / divisions).ToArray());
            return;
        }

        for (var c = 0; c <= left; c++)
        {
            counts[index] = c;
            Recurse(counts, index + 1, left - c, divisions, output);
        }
    }
}
