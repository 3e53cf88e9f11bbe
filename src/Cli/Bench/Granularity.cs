using Splitwise.Contracts;
using Splitwise.Inference.Models;

namespace Splitwise.Cli.Bench;

/// <summary>A named way to cut every layer, for the decomposed side of bench forward.</summary>
public sealed record Granularity(string Name, DecompositionSpec Spec)
{
    /// <summary>
    /// The fabric's default cut, the two extremes of the attention cut at the default FFN slicing,
    /// and the coarsest cut (one head group, one FFN slice), which shows the cost of the sub-block
    /// code path itself apart from the cutting.
    /// </summary>
    public static IReadOnlyList<Granularity> Standard(TransformerShape shape)
    {
        var defaultSpec = DecompositionSpec.Default(shape.NKvHead);
        var groups = defaultSpec.HeadGroups(shape.NKvHead);
        return
        [
            new($"default: {groups} head groups, {defaultSpec.FfnSlices} FFN slices", defaultSpec),
            new($"1 head group (all heads), {defaultSpec.FfnSlices} FFN slices", defaultSpec with { KvHeadsPerGroup = shape.NKvHead }),
            new($"{shape.NKvHead} head groups (1 KV head each), {defaultSpec.FfnSlices} FFN slices", defaultSpec with { KvHeadsPerGroup = 1 }),
            new("coarsest: 1 head group, 1 FFN slice", new DecompositionSpec(shape.NKvHead, 1)),
        ];
    }
}
