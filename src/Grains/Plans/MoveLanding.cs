using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Plans;

/// <summary>
/// Waits until the sub-blocks a plan change moved answer from their new tier, bounded. The plan grain awaits it before
/// a change returns (so before the next can start), so that a controller turning a plan around does not send a
/// sub-block back while Orleans is still accepting the batch it arrived with (two opposite migration batches in flight at once is when Orleans'
/// migrations timed out under a live controller).
/// </summary>
public static class MoveLanding
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <param name="timeout">how long to wait at most (default <see cref="Timeout"/>).</param>
    /// <returns>the moves that had not landed when it stopped waiting (none when all did).</returns>
    public static async Task<IReadOnlyList<SubBlockId>> Wait(IGrainFactory grains, string model, IReadOnlyList<(SubBlockId Id, Tier Tier)> moves, ILogger log,
        TimeSpan? timeout = null)
    {
        var bound = timeout ?? Timeout;
        var clock = Stopwatch.StartNew();
        var left = moves;
        while (left.Count > 0 && clock.Elapsed < bound)
        {
            try
            {
                var located = await Task.WhenAll(left.Select(m => grains.GetGrain<ISubBlockGrain>(FabricKeys.SubBlock(model, m.Id)).Locate()));
                left = left.Where((m, i) => located[i].Tier != m.Tier).ToArray();
            }
            catch (Exception e)
            {
                // Best effort: the wait only orders plan changes; a sub-block that cannot be reached converges on its next call.
                log.LogWarning("locating the moved sub-blocks of '{Model}' failed ({Reason}); not waiting for them", model, e.Message);
                break;
            }

            if (left.Count > 0)
                await Task.Delay(Poll);
        }

        if (left.Count > 0)
            log.LogWarning("{Count} moved sub-blocks of '{Model}' were not on their new tier after {Seconds:F1} s", left.Count, model, clock.Elapsed.TotalSeconds);
        return left.Select(m => m.Id).ToArray();
    }
}
