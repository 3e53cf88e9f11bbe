using Splitwise.Planning.Recovery;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// A session's retry waits: <see cref="Backoff.Delay"/> under its <see cref="RecoveryOptions"/>, the jitter drawn
/// from a generator seeded per session, so that a session's waits are reproducible and two sessions' differ.
/// </summary>
public sealed class LinkBackoff(RecoveryOptions options, int seed)
{
    private readonly Random _jitter = new(seed);

    public static LinkBackoff Default(int seed) => new(new RecoveryOptions(), seed);

    public RecoveryOptions Options { get; } = options;

    public int MaxRetries => Options.MaxRetries;

    /// <summary>
    /// Runs <paramref name="call"/>, again after each wait while it fails with an outage (<see cref="StageCall.IsOutage"/>)
    /// and retries are left. A timeout already waited its full length: it counts against the step, not retried here.
    /// </summary>
    public async Task<T> Retry<T>(Func<Task<T>> call, Action? retried = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (StageCall.IsOutage(e) && e is not TimeoutException && Delay(attempt) is { } wait)
            {
                retried?.Invoke();
                await Task.Delay(wait);
            }
        }
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> (0-based), or null when retries are spent.</summary>
    public TimeSpan? Delay(int attempt) => attempt >= 0 && attempt < MaxRetries ? Backoff.Delay(Options, attempt, _jitter.NextDouble()) : null;
}
