namespace Splitwise.Inference.Formats;

/// <summary>
/// One fp32 array of a llama2.c checkpoint: where it starts, its PyTorch shape, and for q/k
/// projections the head count whose rows are reordered for rotate-half RoPE.
/// </summary>
internal sealed record Llama2cSegment(string Name, long Offset, long[] Shape, int? RopeHeads);

/// <summary>
/// Where each array lives in a llama2.c checkpoint, in file order, following run.c's
/// <c>memory_map_weights</c> (version 0) and export.py's <c>version1_export</c>.
/// </summary>
internal static class Llama2cLayout
{
    public const int LegacyHeaderBytes = 7 * sizeof(int);
    public const int VersionedHeaderBytes = 256;
    public const uint Magic = 0x616b3432; // "ak42" read as a little-endian uint32
    public const string FreqCisReal = "freq_cis_real";
    public const string FreqCisImag = "freq_cis_imag";

    /// <summary>The file length the header implies.</summary>
    /// <exception cref="OverflowException">the sizes do not fit in 64 bits.</exception>
    public static long FileLength(Llama2cHeader h, int version)
    {
        long length = HeaderBytes(version);
        // Arithmetic only: an absurd layer count must not materialise billions of segments.
        foreach (var group in Groups(h, version))
            length = checked(length + GroupBytes(group.Shape) * (group.PerLayer ? h.NLayers : 1));
        return length;
    }

    /// <summary>The segments in file order; call after <see cref="FileLength"/> has been checked.</summary>
    public static IReadOnlyList<Llama2cSegment> Segments(Llama2cHeader h, int version)
    {
        var segments = new List<Llama2cSegment>();
        long offset = HeaderBytes(version);
        foreach (var (name, shape, perLayer, ropeHeads) in Groups(h, version))
        {
            long bytes = GroupBytes(shape);
            // Per-layer arrays are stored layer after layer: all layers of wq, then all of wk...
            for (int layer = 0; layer < (perLayer ? h.NLayers : 1); layer++)
            {
                segments.Add(new Llama2cSegment(name(layer), offset, shape, ropeHeads));
                offset += bytes;
            }
        }
        return segments;
    }

    private static int HeaderBytes(int version) => version == 0 ? LegacyHeaderBytes : VersionedHeaderBytes;

    private static long GroupBytes(long[] shape)
    {
        long bytes = sizeof(float);
        foreach (long d in shape) bytes = checked(bytes * d);
        return bytes;
    }

    private static List<(Func<int, string> Name, long[] Shape, bool PerLayer, int? RopeHeads)> Groups(Llama2cHeader h, int version)
    {
        long dim = h.Dim, hidden = h.HiddenDim, vocab = h.VocabSize, kvDim = h.KvDim;
        var groups = new List<(Func<int, string> Name, long[] Shape, bool PerLayer, int? RopeHeads)>();
        void Global(string name, params long[] shape) => groups.Add((_ => name, shape, false, null));
        void Layer(string suffix, long[] shape, int? ropeHeads = null) =>
            groups.Add((i => $"model.layers.{i}.{suffix}", shape, true, ropeHeads));

        void Norms()
        {
            Layer("input_layernorm.weight", [dim]);
            Layer("post_attention_layernorm.weight", [dim]);
            Global("model.norm.weight", dim);
        }
        void Projections()
        {
            Layer("self_attn.q_proj.weight", [dim, dim], h.NHeads);
            Layer("self_attn.k_proj.weight", [kvDim, dim], h.NKvHeads);
            Layer("self_attn.v_proj.weight", [kvDim, dim]);
            Layer("self_attn.o_proj.weight", [dim, dim]);
        }
        void FeedForward()
        {
            Layer("mlp.gate_proj.weight", [hidden, dim]); // w1
            Layer("mlp.down_proj.weight", [dim, hidden]); // w2
            Layer("mlp.up_proj.weight", [hidden, dim]);   // w3
        }

        if (version == 0)
        {
            Global("model.embed_tokens.weight", vocab, dim);
            Layer("input_layernorm.weight", [dim]);
            Projections();
            Layer("post_attention_layernorm.weight", [dim]);
            FeedForward();
            Global("model.norm.weight", dim);
            // RoPE tables of early exports; run.c skips them and so do we (they are not exposed).
            Global(FreqCisReal, h.SeqLen, h.HeadSize / 2);
            Global(FreqCisImag, h.SeqLen, h.HeadSize / 2);
        }
        else
        {
            Norms();
            Global("model.embed_tokens.weight", vocab, dim);
            Projections();
            FeedForward();
        }
        if (!h.SharedClassifier) Global("lm_head.weight", vocab, dim);

        return groups;
    }

    public static bool IsExposed(Llama2cSegment segment) =>
        segment.Name is not (FreqCisReal or FreqCisImag);
}
