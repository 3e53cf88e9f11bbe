namespace Splitwise.Grains.Hosting;

/// <summary>
/// Continuous batching in the sub-block grains (`Fabric:Batching:*`): the steps of concurrent sessions waiting
/// when a batch starts run as one batch (<see cref="SubBlocks.SubBlockGrain"/>), no timer.
/// </summary>
public sealed class BatchingOptions
{
    /// <summary>Most steps in one batch (`MaxBatch`, default 32); 1 runs every step alone.</summary>
    public int MaxBatch { get; set; } = 32;

    /// <summary>Most steps waiting for a batch per sub-block (`MaxWaiting`, default 256); beyond it a caller gets SubBlockBusyException.</summary>
    public int MaxWaiting { get; set; } = 256;

    /// <summary>
    /// Sessions per head group whose KV caches are slots of one slab (`SlabSlots`, default 0: none), so that a batch
    /// of their decode steps attends in one padded kernel; the others (and caches restored from a checkpoint or a
    /// migration) attend per session. Memory: slots x 2 x KV heads x context x head size x 4 bytes per head group.
    /// </summary>
    public int SlabSlots { get; set; }

    /// <summary>
    /// Step a silo's concurrent sessions together (`Sessions`, default true): their decode steps waiting when a pass
    /// starts run as one batched forward pass (<see cref="Sessions.SessionStepper"/>); a session alone steps by itself.
    /// </summary>
    public bool Sessions { get; set; } = true;

    /// <summary>
    /// The longest a session pass waits for the sessions of the pass before it to come back (`GatherMs`, default 20; 0:
    /// never wait), and never longer than that pass took (<see cref="Sessions.PassGather"/>).
    /// </summary>
    public double GatherMs { get; set; } = 20;

    public void Validate()
    {
        if (MaxBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, "Fabric:Batching:MaxBatch must be at least 1");
        if (MaxWaiting < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxWaiting), MaxWaiting, "Fabric:Batching:MaxWaiting must not be negative");
        if (!(GatherMs >= 0))
            throw new ArgumentOutOfRangeException(nameof(GatherMs), GatherMs, "Fabric:Batching:GatherMs must not be negative");
        if (SlabSlots < 0)
            throw new ArgumentOutOfRangeException(nameof(SlabSlots), SlabSlots, "Fabric:Batching:SlabSlots must not be negative");
    }
}
