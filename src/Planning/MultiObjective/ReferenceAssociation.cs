namespace Splitwise.Planning.MultiObjective;

/// <summary>
/// Associates each normalised point with the reference line (through the origin and a reference point)
/// at the smallest perpendicular distance (Deb and Jain, 2014, Algorithm 3).
/// </summary>
public static class ReferenceAssociation
{
    public readonly record struct Association(int Reference, double Distance);

    public static Association[] Associate(IReadOnlyList<double[]> normalized, IReadOnlyList<double[]> references)
    {
        var result = new Association[normalized.Count];
        for (var i = 0; i < normalized.Count; i++)
        {
            var best = new Association(-1, double.PositiveInfinity);
            for (var j = 0; j < references.Count; j++)
            {
                var d = PerpendicularDistance(normalized[i], references[j]);
                if (d < best.Distance)
                    best = new Association(j, d);
            }

            result[i] = best;
        }

        return result;
    }

    public static double PerpendicularDistance(double[] point, double[] direction)
    {
        double dot = 0, norm2 = 0;
        for (var k = 0; k < point.Length; k++)
        {
            dot += point[k] * direction[k];
            norm2 += direction[k] * direction[k];
        }

        var scale = dot / norm2;
        double sum = 0;
        for (var k = 0; k < point.Length; k++)
        {
            var diff = point[k] - scale * direction[k];
            sum += diff * diff;
        }

        return Math.Sqrt(sum);
    }
}
