namespace Splitwise.Grains.Sessions;

/// <summary>
/// When to retry a far-tier call that the link refused: exponential backoff (initial x factor^attempt,
/// capped) with "equal jitter" (each wait uniformly in [cap/2, cap]) so that sessions retrying after
/// one outage do not return in lockstep. Seeded, so a session's waits are reproducible.
/// </summary>
public sealed class LinkBackoff(int maxRetries, TimeSpan initial, double factor, TimeSpan max, int seed)
{
    private readonly Random _jitter = new(seed);

    /// <summary>4 retries from 50 ms doubling to at most 800 ms: rides out about 0.4 to 0.75 s of outage.</summary>
    public static LinkBackoff Default(int seed) => new(4, TimeSpan.FromMilliseconds(50), 2, TimeSpan.FromMilliseconds(800), seed);

    public int MaxRetries { get; } = maxRetries >= 0 ? maxRetries : throw new ArgumentOutOfRangeException(nameof(maxRetries));

    /// <summary>The wait before retry number <paramref name="attempt"/> (0-based), or null when retries are spent.</summary>
    public TimeSpan? Delay(int attempt)
    {
        if (attempt < 0 || attempt >= MaxRetries)
            return null;
        var cap = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(factor, attempt));
        return TimeSpan.FromMilliseconds(cap / 2 + _jitter.NextDouble() * cap / 2);
    }
}
