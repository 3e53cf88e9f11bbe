using System.Diagnostics;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// Counts what a session's calls to far-tier stages put on the link: payload bytes each way and the calls' wall
/// time. A far call that the link refused or whose response it lost is retried with <see cref="LinkBackoff"/>: every
/// stage call is idempotent (FFN parts keep no state; a head group asked for a position it already holds rewrites
/// it), so a retry after the callee ran gives the same result. Calls to the session's own tier are passed through
/// uncounted.
/// </summary>
public sealed class StageCall(Tier home, LinkBackoff? backoff = null)
{
    public LinkUse Link { get; private set; } = LinkUse.None;

    /// <summary>Far calls retried after the link refused them or lost their answer, over this object's life.</summary>
    public int Retries { get; private set; }

    public async Task<T> Run<T>(Tier tier, long bytesOut, Func<Task<T>> call, Func<T, long> bytesBack)
    {
        if (tier == home)
            return await call();
        var clock = Stopwatch.StartNew();
        var result = await WithRetries(call);
        Link = Link.Add(bytesOut, bytesBack(result), clock.Elapsed.TotalMilliseconds);
        return result;
    }

    /// <summary>The session's retry waits (null: no retries, e.g. while probing the policy's plan).</summary>
    public LinkBackoff? Backoff => backoff;

    public void Reset() => Link = LinkUse.None;

    /// <summary>A far call made for a batch of sessions (<see cref="BatchForward"/>): this session's payloads and the call's time.</summary>
    public void Add(long bytesOut, long bytesBack, double ms) => Link = Link.Add(bytesOut, bytesBack, ms);

    /// <summary>A failure that says the far tier or the link is away, not that the call was wrong.</summary>
    public static bool IsOutage(Exception e) =>
        e is LinkDownException or TierUnavailableException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;

    private Task<T> WithRetries<T>(Func<Task<T>> call) => backoff is null ? call() : backoff.Retry(call, () => Retries++);
}
