using System.Diagnostics;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// Counts what a session's calls to far-tier stages put on the link: payload bytes each way and the
/// calls' wall time. Calls to the session's own tier are passed through uncounted.
/// </summary>
public sealed class StageCall(Tier home)
{
    public LinkUse Link { get; private set; } = LinkUse.None;

    public async Task<T> Run<T>(Tier tier, long bytesOut, Func<Task<T>> call, Func<T, long> bytesBack)
    {
        if (tier == home)
            return await call();
        var clock = Stopwatch.StartNew();
        var result = await call();
        Link = Link.Add(bytesOut, bytesBack(result), clock.Elapsed.TotalMilliseconds);
        return result;
    }

    public void Reset() => Link = LinkUse.None;
}
