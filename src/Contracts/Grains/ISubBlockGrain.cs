namespace Splitwise.Contracts.Grains;

/// <summary>
/// One sub-block of one layer (key: <see cref="FabricKeys.SubBlock"/>). It loads its weight slice on
/// activation and, for a head group, holds a KV cache per session. Activations in and out are fp32
/// encodings: it is called from its own tier (by the session for the session's tier, by the layer stage
/// grain for the far tier), never across the link.
/// </summary>
public interface ISubBlockGrain : IGrainWithStringKey
{
    /// <summary>A head group: normed hidden [T, d] at <paramref name="position"/> -> partial [T, d].</summary>
    Task<SubBlockOutput> Attend(Guid session, int position, [Immutable] byte[] normed);

    /// <summary>A whole FFN slice: normed hidden [T, d] -> partial [T, d].</summary>
    Task<SubBlockOutput> Ffn([Immutable] byte[] normed);

    /// <summary>Split mode, W1: normed hidden [T, d] -> intermediate [T, c].</summary>
    Task<SubBlockOutput> FfnUp([Immutable] byte[] normed);

    /// <summary>Split mode, W2: intermediate [T, c] -> partial [T, d].</summary>
    Task<SubBlockOutput> FfnDown([Immutable] byte[] hidden);

    /// <summary>
    /// Several sessions' calls of this sub-block's <paramref name="kind"/> at once (a silo's concurrent callers gathered
    /// into one message): they run as one batch; one output per step, in order. If any step fails the call throws, and
    /// the caller repeats the steps one by one (every step is idempotent) to give each its own error.
    /// </summary>
    Task<SubBlockBatchOutput> Steps(SubBlockKind kind, [Immutable] SubBlockStepCall[] steps);

    Task EndSession(Guid session);

    Task<SubBlockLocation> Locate();

    /// <summary>Migrates to a silo of <paramref name="tier"/>, carrying the KV caches; false when already there.</summary>
    Task<bool> MoveTo(Tier tier);
}

/// <summary>A sub-block's output and the tier of the silo it ran on, as the activation itself knows it.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.SubBlockOutput")]
public sealed record SubBlockOutput([property: Id(0)] byte[] Data, [property: Id(1)] Tier Tier);

/// <summary>One session's call in <see cref="ISubBlockGrain.Steps"/>: position and session for a head group (ignored by FFN parts), the fp32 input, its plan version.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.SubBlockStepCall")]
public sealed record SubBlockStepCall([property: Id(0)] Guid Session, [property: Id(1)] int Position, [property: Id(2)] byte[] Input, [property: Id(3)] long PlanVersion);

/// <summary>The outputs of <see cref="ISubBlockGrain.Steps"/>, in order, and the tier they ran on.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.SubBlockBatchOutput")]
public sealed record SubBlockBatchOutput([property: Id(0)] byte[][] Data, [property: Id(1)] Tier Tier);

/// <summary>Where one sub-block ran for one step (reported by the sub-block, not read from the plan).</summary>
[GenerateSerializer, Immutable, Alias("splitwise.SubBlockRan")]
public sealed record SubBlockRan([property: Id(0)] SubBlockId Id, [property: Id(1)] Tier Tier);

/// <summary>A stage's or a far run's output and where each of its sub-blocks ran.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.StageOutput")]
public sealed record StageOutput([property: Id(0)] byte[] Data, [property: Id(1)] SubBlockRan[] Ran);

/// <summary>Where an activation runs: the silo and its role.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.SubBlockLocation")]
public sealed record SubBlockLocation([property: Id(0)] string Silo, [property: Id(1)] Tier Tier, [property: Id(2)] int Sessions);
