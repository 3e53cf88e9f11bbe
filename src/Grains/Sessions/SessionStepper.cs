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
/// caller gets SubBlockBusyException). A session with no other session stepping on this silo steps alone
/// (<see cref="Enter"/>). A pass that fails returns null to each of its sessions, which then step alone, each meeting its
/// own retries, recovery or typed error (every step is idempotent).
/// </summary>
public sealed class SessionStepper(
    IGrainFactory grains, SiloTier silo, DeviceEmulator device, IOptions<FabricOptions> options, BatchMeter meter, ILogger<SessionStepper> logger)
{
    private readonly ConcurrentDictionary<string, StepBatcher<Pending, Tensor?>> _batchers = new(StringComparer.Ordinal);
    private int _stepping;

    /// <summary>Counts a session as stepping until disposed; <see cref="Lease.Alone"/>: no other session was.</summary>
    public Lease Enter() => new(this, Interlocked.Increment(ref _stepping) == 1 || !options.Value.Batching.Sessions);

    /// <summary>The member's logits of its last position [1, vocab], or null: the pass failed, step alone.</summary>
    public Task<Tensor?> Decode(FabricModel model, PartitionPlan plan, BatchMember member)
    {
        var batching = options.Value.Batching;
        var batcher = _batchers.GetOrAdd(model.Name, _ => new StepBatcher<Pending, Tensor?>(
            batch => Pass(model, batch), batching.MaxBatch, batching.MaxWaiting));
        // Off the session's grain turn: the pass that starts here runs on the thread pool, not on the first session's activation.
        return Task.Run(() => batcher.Submit(new Pending(member, plan)));
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

    private sealed record Pending(BatchMember Member, PartitionPlan Plan);

    public sealed class Lease(SessionStepper stepper, bool alone) : IDisposable
    {
        private int _disposed;

        public bool Alone { get; } = alone;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Interlocked.Decrement(ref stepper._stepping);
        }
    }
}
