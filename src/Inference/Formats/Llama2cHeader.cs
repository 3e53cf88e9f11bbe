namespace Splitwise.Inference.Formats;

/// <summary>
/// The hyper-parameters at the start of a llama2.c checkpoint (run.c's <c>Config</c>), with the
/// classifier-sharing flag made explicit (version 0 encodes it as the sign of vocab_size).
/// </summary>
public sealed record Llama2cHeader(
    int Dim, int HiddenDim, int NLayers, int NHeads, int NKvHeads, int VocabSize, int SeqLen, bool SharedClassifier)
{
    public int HeadSize => Dim / NHeads;

    public int KvDim => NKvHeads * HeadSize;

    /// <summary>Every tensor the checkpoint exposes, under Hugging Face LLaMA names, in PyTorch [out, in] layout.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> TensorShapes()
    {
        var shapes = new List<(string, long[])> { ("model.embed_tokens.weight", [VocabSize, Dim]) };
        for (int i = 0; i < NLayers; i++)
        {
            string layer = $"model.layers.{i}.";
            shapes.Add((layer + "input_layernorm.weight", [Dim]));
            shapes.Add((layer + "self_attn.q_proj.weight", [Dim, Dim]));
            shapes.Add((layer + "self_attn.k_proj.weight", [KvDim, Dim]));
            shapes.Add((layer + "self_attn.v_proj.weight", [KvDim, Dim]));
            shapes.Add((layer + "self_attn.o_proj.weight", [Dim, Dim]));
            shapes.Add((layer + "post_attention_layernorm.weight", [Dim]));
            shapes.Add((layer + "mlp.gate_proj.weight", [HiddenDim, Dim]));
            shapes.Add((layer + "mlp.down_proj.weight", [Dim, HiddenDim]));
            shapes.Add((layer + "mlp.up_proj.weight", [HiddenDim, Dim]));
        }
        shapes.Add(("model.norm.weight", [Dim]));
        shapes.Add(("lm_head.weight", [VocabSize, Dim]));
        return shapes;
    }

    /// <summary>Throws <see cref="CorruptModelFileException"/> naming the first impossible value.</summary>
    public void Validate(string path)
    {
        void Require(bool condition, string problem)
        {
            if (!condition) throw new CorruptModelFileException(path, $"bad llama2.c header {this}: {problem}");
        }
        Require(Dim > 0 && HiddenDim > 0 && NLayers > 0 && NHeads > 0 && NKvHeads > 0 && VocabSize > 0 && SeqLen > 0,
            "every size must be positive");
        Require(Dim % NHeads == 0, $"n_heads ({NHeads}) does not divide dim ({Dim})");
        Require(NHeads % NKvHeads == 0, $"n_kv_heads ({NKvHeads}) does not divide n_heads ({NHeads})");
        Require(HeadSize % 2 == 0, $"head size ({HeadSize}) is odd, but RoPE rotates pairs");
    }
}
