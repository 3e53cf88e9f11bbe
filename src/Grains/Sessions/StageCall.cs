using System.Diagnostics;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// Counts what a session's calls to far-tier stages put on the link: payload bytes each way and the
/// calls' wall time. A far call the link refused before it reached the callee is retried with
/// <see cref="LinkBackoff"/>; one whose response was lost is not, since the callee already ran.
/// Calls to the session's own tier are passed through uncounted.
/// </summary>
public sealed class StageCall(Tier home, LinkBackoff? backoff = null)
{
    public LinkUse Link { get; private set; } = LinkUse.None;

    /// <summary>Far calls retried after the link refused them, over this object's life.</summary>
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

    public void Reset() => Link = LinkUse.None;

    private async Task<T> WithRetries<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (LinkDownException e) when (!e.ReachedCallee && backoff?.Delay(attempt) is { } wait)
            {
                Retries++;
                await Task.Delay(wait);
            }
        }
    }
}
