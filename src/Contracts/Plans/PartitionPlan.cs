using Splitwise.Contracts.Errors;

namespace Splitwise.Contracts.Plans;

/// <summary>
/// A versioned assignment of every sub-block of a model to a <see cref="Tier"/>, plus the codec that
/// encodes activations crossing the boundary. Plans are values: a change is a new plan with a higher
/// version, published by the plan grain.
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.PartitionPlan")]
public sealed class PartitionPlan
{
    [Id(0)]
    public long Version { get; init; }

    [Id(1)]
    public string Codec { get; init; } = "fp32";

    [Id(2)]
    public DecompositionSpec Spec { get; init; } = new(1, 1);

    [Id(3)]
    public int Layers { get; init; }

    [Id(4)]
    public Dictionary<SubBlockId, Tier> Tiers { get; init; } = [];

    /// <exception cref="InvalidPlanException">the plan does not mention this sub-block.</exception>
    public Tier TierOf(SubBlockId id) =>
        Tiers.TryGetValue(id, out var tier) ? tier : throw new InvalidPlanException($"plan v{Version} does not place sub-block {id}");

    public PartitionPlan WithVersion(long version) => new() { Version = version, Codec = Codec, Spec = Spec, Layers = Layers, Tiers = Tiers };

    public PartitionPlan WithCodec(string codec) => new() { Version = Version, Codec = codec, Spec = Spec, Layers = Layers, Tiers = Tiers };

    /// <summary>
    /// The sub-blocks that must move when this plan replaces <paramref name="previous"/>: those whose tier
    /// changed, and those the previous plan did not place (they may still be active from an older plan).
    /// </summary>
    public IReadOnlyList<SubBlockId> ChangedFrom(PartitionPlan? previous) => Tiers
        .Where(kv => previous is null || !previous.Tiers.TryGetValue(kv.Key, out var old) || old != kv.Value)
        .Select(kv => kv.Key)
        .OrderBy(id => id.Layer).ThenBy(id => id.Kind).ThenBy(id => id.Index)
        .ToArray();

    /// <summary>How many of this layer's sub-blocks of the given kinds sit on each tier, e.g. "attn E2 C2".</summary>
    public string Describe(int layer) => Describe(layer, Tiers);

    /// <summary>
    /// The layer's sub-blocks in the plan's order, each at the tier <paramref name="actual"/> gives ('?' where it has
    /// none): how a trace reports where they really ran.
    /// </summary>
    public string Describe(int layer, IReadOnlyDictionary<SubBlockId, Tier> actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        string Part(string name, Func<SubBlockKind, bool> kinds)
        {
            var ids = Tiers.Keys.Where(id => id.Layer == layer && kinds(id.Kind)).OrderBy(id => id.Kind).ThenBy(id => id.Index);
            return name + " " + string.Concat(ids.Select(id => actual.TryGetValue(id, out var t) ? (t == Tier.Edge ? 'E' : 'C') : '?'));
        }

        return Part("attn", k => k == SubBlockKind.AttentionHeads) + " | " + Part("ffn", k => k != SubBlockKind.AttentionHeads);
    }

    /// <summary>
    /// Checks the plan against a model and the decomposition the fabric serves it with. The head
    /// grouping and the number of FFN slices are fixed per model (KV caches live in the head groups and
    /// grain keys name slices); a plan may only choose tiers, the codec and whether the FFN is split.
    /// </summary>
    /// <exception cref="InvalidPlanException">with the first problem found.</exception>
    public void Validate(ModelDimensions model, DecompositionSpec fabricSpec)
    {
        if (string.IsNullOrWhiteSpace(Codec))
            throw new InvalidPlanException("the plan names no boundary codec");
        // A plan built or deserialized without them (e.g. an SDK caller's object initializer) is refused, not dereferenced.
        if (Spec is null)
            throw new InvalidPlanException("the plan names no decomposition (Spec)");
        if (Tiers is null)
            throw new InvalidPlanException("the plan places no sub-blocks (Tiers is null)");
        if (Layers != model.Layers)
            throw new InvalidPlanException($"the plan covers {Layers} layers, the model has {model.Layers}");
        if (Spec.KvHeadsPerGroup != fabricSpec.KvHeadsPerGroup || Spec.FfnSlices != fabricSpec.FfnSlices)
            throw new InvalidPlanException(
                $"the plan cuts layers into groups of {Spec.KvHeadsPerGroup} KV heads and {Spec.FfnSlices} FFN slices; this model is served with {fabricSpec.KvHeadsPerGroup} and {fabricSpec.FfnSlices}");
        try
        {
            Spec.Validate(model.KvHeads, model.FfnHidden);
        }
        catch (ArgumentException e)
        {
            throw new InvalidPlanException(e.Message);
        }

        var expected = Enumerable.Range(0, model.Layers).SelectMany(l => Spec.SubBlocks(l, model.KvHeads)).ToHashSet();
        foreach (var (id, tier) in Tiers)
        {
            if (!expected.Contains(id))
                throw new InvalidPlanException($"unknown sub-block {id} for a {model.Layers}-layer model cut as {Spec}");
            if (!Enum.IsDefined(tier))
                throw new InvalidPlanException($"sub-block {id} is assigned to unknown tier {(int)tier}");
        }

        var missing = expected.Where(id => !Tiers.ContainsKey(id)).ToArray();
        if (missing.Length > 0)
            throw new InvalidPlanException($"the plan does not place {missing.Length} sub-blocks, e.g. {missing[0]}");
    }
}
