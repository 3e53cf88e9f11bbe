using Splitwise.Grains.Placement;
using Splitwise.Inference.Models;

namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// A head group's partition checkpoint as it is written: every N positions each session's cache that crossed a
/// multiple of N, with its plan version, codec and position, in one write of the grain state; a session's entry removed
/// when it ends. Batches and EndSession interleave on the reentrant grain, so writes go one at a time.
/// </summary>
internal sealed class SessionCheckpoints(IPersistentState<SubBlockCheckpoint> state, CheckpointMeter meter, PlanDirectory plans)
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>The sessions as of the last checkpoint (restored on activation; dropped from when they do not hold).</summary>
    public Dictionary<Guid, SessionKv> Sessions => state.State.Sessions;

    /// <param name="ran">the batch's steps with their caches, after it ran.</param>
    /// <param name="isOpen">whether a session still holds its cache (one ended while the batch ran loses its checkpoint for good).</param>
    public async Task Write(string model, int every, IReadOnlyList<(SubBlockStep Step, int Index, KvCache Cache)> ran, Func<Guid, bool> isOpen)
    {
        // Snapshots now, before any await: a later batch adds to the caches.
        var due = ran.Where(r => r.Cache.Length / every != r.Step.Position / every)
            .Select(r => (r.Step.Session, Kv: new SessionKv { PlanVersion = r.Step.PlanVersion, Position = r.Cache.Length, Kv = KvCacheSnapshot.ToBytes(r.Cache) }))
            .ToArray();
        if (due.Length == 0)
            return;
        foreach (var version in due.Select(d => d.Kv.PlanVersion).Distinct().ToArray())
        {
            var codec = await CodecOf(model, version);
            foreach (var d in due.Where(d => d.Kv.PlanVersion == version))
                d.Kv.Codec = codec;
        }

        await _writes.WaitAsync();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var tokens = 0;
            foreach (var (session, kv) in due)
            {
                if (!isOpen(session))
                    continue;
                var since = Sessions.TryGetValue(session, out var last) && last.Position <= kv.Position ? last.Position : 0;
                Sessions[session] = kv;
                tokens += kv.Position - since;
            }

            await state.WriteStateAsync();
            meter.Written(clock.Elapsed.TotalMilliseconds, tokens);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>An ended session's checkpoint, removed and written.</summary>
    public async Task Remove(Guid session)
    {
        await _writes.WaitAsync();
        try
        {
            if (Sessions.Remove(session))
                await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }

    // The plan version's boundary codec; empty when the plan is out of reach (restorable only under the same version).
    private async Task<string> CodecOf(string model, long version)
    {
        try
        {
            return (await plans.Current(model, version)).Codec;
        }
        catch (Exception e) when (Splitwise.Grains.Sessions.StageCall.IsOutage(e))
        {
            return "";
        }
    }
}
