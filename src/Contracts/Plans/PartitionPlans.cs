namespace Splitwise.Contracts.Plans;

/// <summary>The simple rules a person or a test asks for; a policy builds plans with <see cref="Build"/>.</summary>
public static class PartitionPlans
{
    public static PartitionPlan Build(ModelDimensions model, DecompositionSpec spec, Func<SubBlockId, Tier> rule, string codec = "fp32") => new()
    {
        Codec = codec,
        Spec = spec,
        Layers = model.Layers,
        Tiers = Enumerable.Range(0, model.Layers)
            .SelectMany(l => spec.SubBlocks(l, model.KvHeads))
            .ToDictionary(id => id, rule),
    };

    public static PartitionPlan AllOn(Tier tier, ModelDimensions model, DecompositionSpec spec, string codec = "fp32") =>
        Build(model, spec with { SplitFfn = false }, _ => tier, codec);

    /// <summary>Layers [0, k) on the edge, the rest in the cloud: the classic single split point.</summary>
    public static PartitionPlan FirstLayersOnEdge(int k, ModelDimensions model, DecompositionSpec spec, string codec = "fp32")
    {
        if (k < 0 || k > model.Layers)
            throw new ArgumentOutOfRangeException(nameof(k), $"{k} edge layers is out of range for {model.Layers} layers");
        return Build(model, spec with { SplitFfn = false }, id => id.Layer < k ? Tier.Edge : Tier.Cloud, codec);
    }

    /// <summary>
    /// Splitwise's split FFN mode in every layer: W1 on the edge, W2 in the cloud, so the intermediate
    /// activation crosses; attention stays on <paramref name="attention"/>.
    /// </summary>
    public static PartitionPlan SplitFfn(ModelDimensions model, DecompositionSpec spec, Tier attention = Tier.Edge, string codec = "fp32") =>
        Build(model, spec with { SplitFfn = true }, id => id.Kind switch
        {
            SubBlockKind.AttentionHeads => attention,
            SubBlockKind.FfnUp => Tier.Edge,
            _ => Tier.Cloud,
        }, codec);
}
