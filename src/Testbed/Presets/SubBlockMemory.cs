using Splitwise.Contracts;
using Splitwise.Inference.Models;

namespace Splitwise.Testbed.Presets;

/// <summary>
/// Parameter counts and bytes of each sub-block, cut exactly as src/Inference/Decomposition cuts them: a head group holds
/// its Q/K/V columns (with their biases for GPT-2) and its rows of the output projection; FFN slice s holds hidden
/// columns [s*DFf/S, (s+1)*DFf/S) of W1 (+ gate for SwiGLU, + b1 for GPT-2) and the same rows of W2. Norms and the two
/// biases added once per layer (attention output, FFN output) are layer-shared and live with the stage owner.
/// </summary>
public static class SubBlockMemory
{
    /// <summary>GPT-2 has biases everywhere, LLaMA nowhere; the FFN kind tells the families apart.</summary>
    private static bool HasBiases(TransformerShape s) => s.Ffn == FfnKind.GeluMlp;

    public static long AttentionGroupParams(TransformerShape s, int kvHeads)
    {
        long q = (long)kvHeads * s.QueriesPerKvHead * s.HeadDim;
        long kv = (long)kvHeads * s.HeadDim;
        var weights = s.DModel * (q + 2 * kv) + q * s.DModel;
        return weights + (HasBiases(s) ? q + 2 * kv : 0);
    }

    /// <summary>Hidden columns of FFN slice <paramref name="slice"/> of <paramref name="slices"/> (the decomposition's rounding).</summary>
    public static int FfnSliceWidth(TransformerShape s, int slice, int slices) =>
        (int)((long)(slice + 1) * s.DFf / slices - (long)slice * s.DFf / slices);

    /// <summary>W1 part: up (and gate for SwiGLU) columns, plus b1 for GPT-2.</summary>
    public static long FfnUpParams(TransformerShape s, int width) =>
        (s.Ffn == FfnKind.SwiGlu ? 2L : 1L) * s.DModel * width + (HasBiases(s) ? width : 0);

    /// <summary>W2 part: the slice's rows of the down projection.</summary>
    public static long FfnDownParams(TransformerShape s, int width) => (long)width * s.DModel;

    public static long SubBlockParams(TransformerShape s, DecompositionSpec spec, SubBlockId id) => id.Kind switch
    {
        SubBlockKind.AttentionHeads => AttentionGroupParams(s, spec.KvHeadsPerGroup),
        SubBlockKind.Ffn => FfnUpParams(s, Width(s, spec, id)) + FfnDownParams(s, Width(s, spec, id)),
        SubBlockKind.FfnUp => FfnUpParams(s, Width(s, spec, id)),
        _ => FfnDownParams(s, Width(s, spec, id)),
    };

    /// <summary>Per layer: two norms (weight, + bias for LayerNorm) and, for GPT-2, the attention-output and FFN-output biases.</summary>
    public static long LayerSharedParams(TransformerShape s) =>
        (s.Norm == NormKind.LayerNorm ? 4L : 2L) * s.DModel + (HasBiases(s) ? 2L * s.DModel : 0);

    /// <summary>
    /// What the generation session keeps on the edge whatever the plan (DESIGN.md, one token's path: embeddings, final
    /// norm and LM head run in the edge session): token (+ learned position) embeddings, final norm, untied LM head.
    /// </summary>
    public static long SessionParams(TransformerShape s)
    {
        long embed = (long)s.VocabSize * s.DModel;
        var positions = s.LearnedPositions ? (long)s.MaxSeqLen * s.DModel : 0;
        var finalNorm = (s.Norm == NormKind.LayerNorm ? 2L : 1L) * s.DModel;
        // GPT-2 ties the LM head to the token embedding; the LLaMA presets do not.
        var head = s.Ffn == FfnKind.SwiGlu ? embed : 0;
        return embed + positions + finalNorm + head;
    }

    public static long TotalParams(TransformerShape s)
    {
        var perLayer = AttentionGroupParams(s, s.NKvHead) + FfnUpParams(s, s.DFf) + FfnDownParams(s, s.DFf) + LayerSharedParams(s);
        return s.NLayer * perLayer + SessionParams(s);
    }

    /// <summary>KV cache bytes one head group adds per token of context: K and V, each kvHeads x HeadDim.</summary>
    public static long KvBytesPerToken(TransformerShape s, int kvHeads, Precision p) => 2L * kvHeads * s.HeadDim * (int)p;

    public static long Bytes(long parameters, Precision p) => parameters * (int)p;

    private static int Width(TransformerShape s, DecompositionSpec spec, SubBlockId id) => FfnSliceWidth(s, id.Index, spec.FfnSlices);
}
