using MessagePack;

namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// A head group's partition checkpoint, its grain state: per session, its KV cache as of the last checkpoint
/// (<see cref="SessionKv"/>). Written through grain storage with <see cref="Storage.KvCheckpointSerializer"/>; Orleans
/// serializes it too when the grain migrates (its persistent state travels with the activation).
/// </summary>
[MessagePackObject, GenerateSerializer, Alias("splitwise.SubBlockCheckpoint")]
public sealed class SubBlockCheckpoint
{
    [Key(0), Id(0)]
    public Dictionary<Guid, SessionKv> Sessions { get; set; } = [];
}

/// <summary>
/// One session's KV cache at a checkpoint: the plan version it was computed under, the positions it holds, and the
/// keys and values as fp32 (<see cref="Inference.Models.KvCacheSnapshot"/>'s layout: a 16-byte header, then K and V).
/// </summary>
[MessagePackObject, GenerateSerializer, Alias("splitwise.SessionKv")]
public sealed class SessionKv
{
    [Key(0), Id(0)]
    public long PlanVersion { get; set; }

    [Key(1), Id(1)]
    public int Position { get; set; }

    [Key(2), Id(2)]
    public byte[] Kv { get; set; } = [];
}
