using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Models;
using Splitwise.Grains.Placement;
using Splitwise.Grains.SubBlocks;
using Splitwise.Inference.Decomposition;
using static TorchSharp.torch;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// This silo's sessions stepped together (continuous batching, issue 15): per model, a decode step
/// submitted while no pass runs starts one at once; the steps submitted meanwhile form the next pass, one
/// <see cref="BatchForward"/> over all of them (one per plan version among them; capped at `Fabric:Batching:MaxBatch`; past `MaxWaiting` waiting steps the
/// caller gets SubBlockBusyException). The next pass first waits, bounded, for the sessions of the pass before it
/// (<see cref="PassGather"/>), so that all of a silo's sessions step in every pass. A session with no other generation
/// open on this silo steps alone (<see cref="Alone"/>). A pass that fails returns null to each of its sessions, which then step alone, each meeting its
/// own retries, recovery or typed error (every step is idempotent).
/// </summary>
public sealed class SessionStepper(
    IGrainFactory grains, SiloTier silo, DeviceEmulator device, IOptions<FabricOptions> options, BatchMeter meter, ILogger<SessionStepper> logger)
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, byte> _open = new();

    /// <summary>A generation on this silo began (or resumed): from now on it counts as open until <see cref="Closed"/>.</summary>
    public void Opened(Guid session) => _open.TryAdd(session, 0);

    /// <summary>A generation ended (its last token, End, or its activation went).</summary>
    public void Closed(Guid session) => _open.TryRemove(session, out _);

    /// <summary>No other generation is open on this silo (or sessions are not stepped together): step alone.</summary>
    public bool Alone(Guid session) => !options.Value.Batching.Sessions || _open.Count - (_open.ContainsKey(session) ? 1 : 0) <= 0;

    /// <summary>The member's logits of its last position [1, vocab], or null: the pass failed, step alone.</summary>
    /// <param name="more">the session will step again after this one (not its last token): the next pass waits for it.</param>
    public Task<Tensor?> Decode(FabricModel model, PartitionPlan plan, BatchMember member, bool more)
    {
        var batching = options.Value.Batching;
        var lane = _lanes.GetOrAdd(model.Name, _ =>
        {
            var gather = new PassGather();
            return new Lane(new StepBatcher<Pending, Tensor?>(batch => Pass(model, batch, gather), batching.MaxBatch, batching.MaxWaiting, gather.Wait), gather);
        });
        // Off the session's grain turn: the pass that starts here runs on the thread pool, not on the first session's activation.
        return Task.Run(() =>
        {
            var result = lane.Batcher.Submit(new Pending(member, plan, more));
            lane.Gather.Arrived(member.Session);
            return result;
        });
    }

    private async Task<IReadOnlyList<Tensor?>> Pass(FabricModel model, IReadOnlyList<Pending> batch, PassGather gather)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await Pass(model, batch);
        var bound = TimeSpan.FromMilliseconds(Math.Min(clock.Elapsed.TotalMilliseconds, options.Value.Batching.GatherMs));
        gather.Expect(batch.Where(p => p.More).Select(p => p.Member.Session), bound);
        return results;
    }

    // Sessions under different plan versions (a plan change mid-flight) step in one forward pass per version.
    private async Task<IReadOnlyList<Tensor?>> Pass(FabricModel model, IReadOnlyList<Pending> batch)
    {
        var results = new Tensor?[batch.Count];
        foreach (var group in Enumerable.Range(0, batch.Count).GroupBy(i => batch[i].Plan.Version))
        {
            var indices = group.ToArray();
            var plan = batch[indices[0]].Plan;
            RequestContext.Set(PlanDirectory.VersionKey, plan.Version);
            meter.Stepped(indices.Length);
            try
            {
                var logits = await new BatchForward(model, silo.Tier, plan, grains, indices.Select(i => batch[i].Member).ToArray(), device).Run();
                for (var k = 0; k < indices.Length; k++)
                    results[indices[k]] = logits[k];
            }
            catch (Exception e)
            {
                meter.PassFailed();
                logger.LogInformation(e, "a batched pass of {Sessions} sessions failed; they step alone", indices.Length);
            }
        }

        return results;
    }

    private sealed record Pending(BatchMember Member, PartitionPlan Plan, bool More);

    private sealed record Lane(StepBatcher<Pending, Tensor?> Batcher, PassGather Gather);
}
