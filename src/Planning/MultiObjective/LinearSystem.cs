namespace Splitwise.Planning.MultiObjective;

/// <summary>Gaussian elimination with partial pivoting for the small M x M system of the intercepts.</summary>
public static class LinearSystem
{
    /// <summary>Solves A x = b; null when A is (numerically) singular.</summary>
    public static double[]? Solve(double[][] a, double[] b)
    {
        var n = b.Length;
        var m = a.Select((row, i) => row.Append(b[i]).ToArray()).ToArray();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r][col]) > Math.Abs(m[pivot][col]))
                    pivot = r;
            }

            if (Math.Abs(m[pivot][col]) < 1e-12)
                return null;
            (m[col], m[pivot]) = (m[pivot], m[col]);
            for (var r = 0; r < n; r++)
            {
                if (r == col)
                    continue;
                var f = m[r][col] / m[col][col];
                for (var c = col; c <= n; c++)
                    m[r][c] -= f * m[col][c];
            }
        }

        return Enumerable.Range(0, n).Select(i => m[i][n] / m[i][i]).ToArray();
    }
}
