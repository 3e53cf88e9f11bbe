using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Formats;
using static TorchSharp.torch;

namespace Splitwise.Inference.Models.Gpt2;

/// <summary>GPT-2 slices: Conv1D weights are [in, out], so a head group's q, k, v are column ranges of c_attn.</summary>
public sealed class Gpt2SubBlockWeights : ISubBlockWeightReader
{
    private readonly Gpt2Config _config;
    private readonly ITensorSource _source;
    private readonly string _prefix;

    public Gpt2SubBlockWeights(Gpt2Config config, ITensorSource source)
    {
        _config = config;
        _source = source;
        _prefix = source.Contains("wte.weight") ? "" : "transformer.";
        var d = config.DModel;
        for (var i = 0; i < config.NLayer; i++)
        {
            Check(i, "attn.c_attn.weight", d, 3 * d);
            Check(i, "attn.c_proj.weight", d, d);
            Check(i, "mlp.c_fc.weight", d, config.DFf);
            Check(i, "mlp.c_proj.weight", config.DFf, d);
        }
    }

    public TransformerShape Shape => _config.Shape;

    public AttentionGroupWeights AttentionGroup(int layer, int firstKvHead, int kvHeads)
    {
        var (d, hd) = (_config.DModel, _config.HeadDim);
        var (start, width) = (firstKvHead * hd, kvHeads * hd);
        var w = Name(layer, "attn.c_attn.weight");
        var b = Name(layer, "attn.c_attn.bias");
        using var scope = NewDisposeScope();
        var wqkv = cat([.. Enumerable.Range(0, 3).Select(part => _source.ReadColumns(w, part * d + start, width))], 1);
        var bqkv = cat([.. Enumerable.Range(0, 3).Select(part => _source.ReadRows(b, part * d + start, width))], 0);
        var wo = _source.ReadRows(Name(layer, "attn.c_proj.weight"), start, width);
        return new AttentionGroupWeights(
            wqkv.MoveToOuterDisposeScope(), bqkv.MoveToOuterDisposeScope(), wo.MoveToOuterDisposeScope());
    }

    public FfnInWeights FfnIn(int layer, int start, int count) => new(
        _source.ReadColumns(Name(layer, "mlp.c_fc.weight"), start, count),
        _source.ReadRows(Name(layer, "mlp.c_fc.bias"), start, count));

    public Tensor FfnOut(int layer, int start, int count) =>
        _source.ReadRows(Name(layer, "mlp.c_proj.weight"), start, count);

    public LayerSharedWeights LayerShared(int layer)
    {
        var d = _config.DModel;
        return new LayerSharedWeights(
            _source.Read(Name(layer, "ln_1.weight"), d), _source.Read(Name(layer, "ln_1.bias"), d),
            _source.Read(Name(layer, "ln_2.weight"), d), _source.Read(Name(layer, "ln_2.bias"), d),
            _source.Read(Name(layer, "attn.c_proj.bias"), d), _source.Read(Name(layer, "mlp.c_proj.bias"), d));
    }

    public EmbeddingWeights Embeddings()
    {
        var wte = _source.Read(_prefix + "wte.weight", _config.VocabSize, _config.DModel);
        return new EmbeddingWeights(
            wte, _source.Read(_prefix + "wpe.weight", _config.NCtx, _config.DModel),
            _source.Read(_prefix + "ln_f.weight", _config.DModel), _source.Read(_prefix + "ln_f.bias", _config.DModel), wte);
    }

    private string Name(int layer, string suffix) => $"{_prefix}h.{layer}.{suffix}";

    private void Check(int layer, string suffix, params long[] shape) => _source.CheckShape(Name(layer, suffix), shape);
}
