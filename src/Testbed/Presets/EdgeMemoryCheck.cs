using Splitwise.Contracts;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Presets;

/// <summary>
/// Does a plan's edge side fit the edge device? Required = the session's resident weights (embeddings, final norm,
/// LM head), every layer's norms and shared biases (the stage owner runs on the edge), the weights of the edge-side
/// sub-blocks, and the KV caches of the edge-side head groups for <c>contextTokens</c> tokens x <c>sessions</c>.
/// Activation workspace is left out: at one token per step it is KBs, far below the profiles' precision.
/// </summary>
public static class EdgeMemoryCheck
{
    public static EdgeMemory Required(
        TransformerShape shape, DecompositionSpec spec, IEnumerable<SubBlockId> edgeSubBlocks, Precision precision, int contextTokens, int sessions = 1)
    {
        spec.Validate(shape.NKvHead, shape.DFf);
        if (contextTokens < 0 || sessions < 0)
            throw new ArgumentException($"context tokens ({contextTokens}) and sessions ({sessions}) must be >= 0");
        long weights = 0, kv = 0;
        foreach (var id in edgeSubBlocks.Distinct())
        {
            if (id.Layer < 0 || id.Layer >= shape.NLayer)
                throw new ArgumentException($"sub-block {id} is outside the model's {shape.NLayer} layers");
            var count = id.Kind == SubBlockKind.AttentionHeads ? spec.HeadGroups(shape.NKvHead) : spec.FfnSlices;
            if (id.Index < 0 || id.Index >= count || (id.Kind is SubBlockKind.FfnUp or SubBlockKind.FfnDown) != (spec.SplitFfn && id.Kind != SubBlockKind.AttentionHeads))
                throw new ArgumentException($"sub-block {id} does not exist under {spec}");
            weights += SubBlockMemory.Bytes(SubBlockMemory.SubBlockParams(shape, spec, id), precision);
            if (id.Kind == SubBlockKind.AttentionHeads)
                kv += SubBlockMemory.KvBytesPerToken(shape, spec.KvHeadsPerGroup, precision) * contextTokens * sessions;
        }

        return new EdgeMemory(
            SubBlockMemory.Bytes(SubBlockMemory.SessionParams(shape), precision),
            SubBlockMemory.Bytes(shape.NLayer * SubBlockMemory.LayerSharedParams(shape), precision),
            weights, kv);
    }

    public static MemoryFit Check(
        TransformerShape shape, DecompositionSpec spec, IEnumerable<SubBlockId> edgeSubBlocks, Precision precision,
        DeviceProfile edge, int contextTokens, int sessions = 1)
    {
        var required = Required(shape, spec, edgeSubBlocks, precision, contextTokens, sessions);
        return required.TotalBytes <= edge.MemoryBytes
            ? new FeasiblePlan(edge.Name, required, edge.MemoryBytes)
            : new InfeasiblePlan(edge.Name, required, edge.MemoryBytes);
    }

    /// <summary>Every sub-block of every layer: the edge-only plan.</summary>
    public static IEnumerable<SubBlockId> All(TransformerShape shape, DecompositionSpec spec) =>
        Enumerable.Range(0, shape.NLayer).SelectMany(l => spec.SubBlocks(l, shape.NKvHead));
}
