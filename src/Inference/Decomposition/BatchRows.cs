namespace Splitwise.Inference.Decomposition;

/// <summary>
/// The row layout of a batched step: session i owns rows[i] consecutive rows of the stacked input,
/// in session order. Checked once per call so a mismatched batch fails clearly instead of attending
/// one session's rows over another's cache.
/// </summary>
public static class BatchRows
{
    public static void Check(long totalRows, int sessions, IReadOnlyList<int> rows)
    {
        if (sessions == 0)
            throw new ArgumentException("a batch needs at least one session", nameof(sessions));
        if (rows.Count != sessions)
            throw new ArgumentException($"{rows.Count} row counts for {sessions} sessions", nameof(rows));
        long sum = 0;
        foreach (var r in rows)
        {
            if (r <= 0)
                throw new ArgumentException($"every session in a batch needs at least one row, got {r}", nameof(rows));
            sum += r;
        }

        if (sum != totalRows)
            throw new ArgumentException($"row counts sum to {sum} but the batch has {totalRows} rows", nameof(rows));
    }

    /// <summary>One row per session: a batch of decode steps.</summary>
    public static int[] Decode(int sessions) => Enumerable.Repeat(1, sessions).ToArray();
}
