using Splitwise.Planning.Recovery;

namespace Splitwise.Grains.Hosting;

/// <summary>What every silo of the fabric is configured with (both tiers hold the same model files).</summary>
public sealed class FabricOptions
{
    /// <summary>Model name (as clients and grain keys use it) -> Hugging Face directory or llama2.c file.</summary>
    public Dictionary<string, string> Models { get; set; } = [];

    /// <summary>ONNX model name (as split grain keys use it) -> .onnx file, for the DynaSplit live path.</summary>
    public Dictionary<string, string> OnnxModels { get; set; } = [];

    /// <summary>Attention head groups per layer; null for the default (up to 4).</summary>
    public int? HeadGroups { get; set; }

    /// <summary>Intra-op threads per grain call's tensor work; the grains themselves run in parallel (see IntraOpThreads).</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>FFN column slices per layer.</summary>
    public int FfnSlices { get; set; } = 4;

    /// <summary>Where grain state (the plan) is kept when not in Redis; null: <see cref="Storage.FabricStorage.DefaultDirectory"/>.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Retries, backoff and the safe plan of sessions whose far calls fail.</summary>
    public RecoveryOptions Recovery { get; set; } = new();

    /// <summary>Tokens between a head group's partition checkpoints of a session (`Fabric:Checkpoint:EveryTokens`); 0: none.</summary>
    public int CheckpointEveryTokens { get; set; } = 8;

    /// <summary>Where checkpoints are kept: "memory" (default) or "durable" (Redis or files, like the plan).</summary>
    public string CheckpointStore { get; set; } = "memory";

    /// <summary>Continuous batching of concurrent sessions' steps in the sub-block grains.</summary>
    public BatchingOptions Batching { get; set; } = new();

    /// <summary>Redis connection string for grain state (set when the membership is in Redis); null: files.</summary>
    public string? StateRedis { get; set; }
}
