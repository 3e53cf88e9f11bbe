using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Models.Llama;

/// <summary>
/// One LLaMA layer, the monolithic reference: x + attn(rms(x)) with RoPE and grouped-query
/// attention, then + down(silu(gate(h)) * up(h)). Weights keep Hugging Face's [out, in] layout.
/// </summary>
public sealed class LlamaBlock(LlamaConfig config, Rotary rotary, Func<string, long[], Parameter> weight, string prefix)
{
    private readonly int _hd = config.HeadDim;
    private readonly Parameter _attnNorm = weight($"{prefix}input_layernorm.weight", [config.DModel]);
    private readonly Parameter _wq = weight($"{prefix}self_attn.q_proj.weight", [config.NHead * config.HeadDim, config.DModel]);
    private readonly Parameter _wk = weight($"{prefix}self_attn.k_proj.weight", [config.NKvHead * config.HeadDim, config.DModel]);
    private readonly Parameter _wv = weight($"{prefix}self_attn.v_proj.weight", [config.NKvHead * config.HeadDim, config.DModel]);
    private readonly Parameter _wo = weight($"{prefix}self_attn.o_proj.weight", [config.DModel, config.NHead * config.HeadDim]);
    private readonly Parameter _ffnNorm = weight($"{prefix}post_attention_layernorm.weight", [config.DModel]);
    private readonly Parameter _wGate = weight($"{prefix}mlp.gate_proj.weight", [config.DFf, config.DModel]);
    private readonly Parameter _wUp = weight($"{prefix}mlp.up_proj.weight", [config.DFf, config.DModel]);
    private readonly Parameter _wDown = weight($"{prefix}mlp.down_proj.weight", [config.DModel, config.DFf]);

    /// <param name="x">[T, d] of one session.</param>
    /// <param name="cache">this layer's keys and values so far.</param>
    public Tensor Forward(Tensor x, KvCache cache)
    {
        var t = x.shape[0];
        var start = cache.Length;
        var h = RmsNorm.Apply(x, _attnNorm, config.RmsNormEps);
        var q = rotary.Apply(Heads(linear(h, _wq)), start);
        var k = rotary.Apply(Heads(linear(h, _wk)), start);
        var v = Heads(linear(h, _wv));
        (k, v) = cache.Append(k, v);
        var y = CausalAttention.Compute(q, k, v, start).transpose(0, 1).reshape(t, -1);
        x = x + linear(y, _wo);

        h = RmsNorm.Apply(x, _ffnNorm, config.RmsNormEps);
        return x + linear(silu(linear(h, _wGate)) * linear(h, _wUp), _wDown);
    }

    /// <summary>[T, heads * hd] -> [heads, T, hd].</summary>
    private Tensor Heads(Tensor x) => x.reshape(x.shape[0], -1, _hd).transpose(0, 1);
}
