namespace Splitwise.Planning.Recovery;

/// <summary>
/// The backoff schedule as a pure function: the wait before retry number <c>attempt</c> (0-based) is drawn in
/// [cap/2, cap] ("equal jitter") where cap = min(max, initial x factor^attempt), so sessions that met one outage do
/// not come back in lockstep, yet each waits at least half its cap. <c>unit</c> is the jitter draw in [0, 1).
/// </summary>
public static class Backoff
{
    /// <returns>the wait, or null when the retries are spent.</returns>
    public static TimeSpan? Delay(RecoveryOptions options, int attempt, double unit)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (attempt < 0 || attempt >= options.MaxRetries)
            return null;
        if (unit is < 0 or >= 1 || double.IsNaN(unit))
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "the jitter draw is in [0, 1)");
        var cap = Cap(options, attempt);
        return TimeSpan.FromMilliseconds(cap / 2 + unit * cap / 2);
    }

    /// <summary>The upper end of retry <paramref name="attempt"/>'s wait, in milliseconds.</summary>
    public static double Cap(RecoveryOptions options, int attempt) =>
        Math.Min(options.MaxDelayMs, options.InitialDelayMs * Math.Pow(options.Factor, attempt));

    /// <summary>Every wait of one call's retries, drawn from <paramref name="jitter"/>.</summary>
    public static IReadOnlyList<TimeSpan> Schedule(RecoveryOptions options, Random jitter)
    {
        ArgumentNullException.ThrowIfNull(jitter);
        var waits = new List<TimeSpan>();
        for (var attempt = 0; Delay(options, attempt, jitter.NextDouble()) is { } wait; attempt++)
            waits.Add(wait);
        return waits;
    }

    /// <summary>The longest a call can spend in retry waits: the sum of the caps.</summary>
    public static TimeSpan Worst(RecoveryOptions options) =>
        TimeSpan.FromMilliseconds(Enumerable.Range(0, options.MaxRetries).Sum(a => Cap(options, a)));
}
