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
/// One session's KV cache at a checkpoint: the plan version and boundary codec it was computed under, the positions it
/// holds, and the keys and values as fp32 (<see cref="Inference.Models.KvCacheSnapshot"/>'s layout: a 16-byte header,
/// then K and V).
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

    /// <summary>The plan's boundary codec when written; empty when unknown (a checkpoint from before it was kept).</summary>
    [Key(3), Id(3)]
    public string Codec { get; set; } = "";

    /// <summary>
    /// Whether this cache is what the session would compute now, under <paramref name="version"/> with
    /// <paramref name="codec"/>: written under the same plan version, or both with the lossless fp32 codec (the
    /// decomposition is exact, so where the sub-blocks ran does not change the values). Otherwise a lossy codec's
    /// crossings upstream may have changed them, and the session replays instead.
    /// </summary>
    public bool RestorableUnder(long version, string codec) =>
        PlanVersion == version || (Codec == "fp32" && codec == "fp32");
}
