using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Formats;
using static TorchSharp.torch;

namespace Splitwise.Inference.Models.Llama;

/// <summary>
/// LLaMA slices: projections are [out, in], so a head group is a row range of q/k/v_proj and a column
/// range of o_proj; each is transposed once at load into the x @ W layout the kernels use.
/// </summary>
public sealed class LlamaSubBlockWeights : ISubBlockWeightReader
{
    private readonly LlamaConfig _config;
    private readonly ITensorSource _source;

    public LlamaSubBlockWeights(LlamaConfig config, ITensorSource source)
    {
        _config = config;
        _source = source;
        var (d, hd) = (config.DModel, config.HeadDim);
        for (var i = 0; i < config.NLayer; i++)
        {
            _source.CheckShape(Name(i, "self_attn.q_proj.weight"), config.NHead * hd, d);
            _source.CheckShape(Name(i, "self_attn.k_proj.weight"), config.NKvHead * hd, d);
            _source.CheckShape(Name(i, "self_attn.v_proj.weight"), config.NKvHead * hd, d);
            _source.CheckShape(Name(i, "self_attn.o_proj.weight"), d, config.NHead * hd);
            _source.CheckShape(Name(i, "mlp.gate_proj.weight"), config.DFf, d);
            _source.CheckShape(Name(i, "mlp.up_proj.weight"), config.DFf, d);
            _source.CheckShape(Name(i, "mlp.down_proj.weight"), d, config.DFf);
        }
    }

    public TransformerShape Shape => _config.Shape;

    public AttentionGroupWeights AttentionGroup(int layer, int firstKvHead, int kvHeads)
    {
        var hd = _config.HeadDim;
        var r = _config.NHead / _config.NKvHead;
        using var scope = NewDisposeScope();
        var q = _source.ReadRows(Name(layer, "self_attn.q_proj.weight"), firstKvHead * r * hd, kvHeads * r * hd);
        var k = _source.ReadRows(Name(layer, "self_attn.k_proj.weight"), firstKvHead * hd, kvHeads * hd);
        var v = _source.ReadRows(Name(layer, "self_attn.v_proj.weight"), firstKvHead * hd, kvHeads * hd);
        var wqkv = cat([q, k, v], 0).t().contiguous();
        var wo = _source.ReadColumns(Name(layer, "self_attn.o_proj.weight"), firstKvHead * r * hd, kvHeads * r * hd).t().contiguous();
        return new AttentionGroupWeights(wqkv.MoveToOuterDisposeScope(), null, wo.MoveToOuterDisposeScope());
    }

    public FfnInWeights FfnIn(int layer, int start, int count)
    {
        using var scope = NewDisposeScope();
        var gate = _source.ReadRows(Name(layer, "mlp.gate_proj.weight"), start, count);
        var up = _source.ReadRows(Name(layer, "mlp.up_proj.weight"), start, count);
        return new FfnInWeights(cat([gate, up], 0).t().contiguous().MoveToOuterDisposeScope(), null);
    }

    public Tensor FfnOut(int layer, int start, int count)
    {
        using var columns = _source.ReadColumns(Name(layer, "mlp.down_proj.weight"), start, count);
        return columns.t().contiguous();
    }

    public LayerSharedWeights LayerShared(int layer) => new(
        _source.Read(Name(layer, "input_layernorm.weight"), _config.DModel), null,
        _source.Read(Name(layer, "post_attention_layernorm.weight"), _config.DModel), null, null, null);

    public EmbeddingWeights Embeddings()
    {
        var (v, d) = (_config.VocabSize, _config.DModel);
        var embed = _source.Read("model.embed_tokens.weight", v, d);
        var head = _config.TiedEmbeddings ? embed : _source.Read("lm_head.weight", v, d);
        return new EmbeddingWeights(embed, null, _source.Read("model.norm.weight", d), null, head);
    }

    private static string Name(int layer, string suffix) => $"model.layers.{layer}.{suffix}";
}
