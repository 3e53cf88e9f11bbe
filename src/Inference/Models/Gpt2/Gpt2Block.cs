using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Models.Gpt2;

/// <summary>
/// One GPT-2 layer, the monolithic reference: x + attn(ln_1(x)), then + mlp(ln_2(x)). Weights keep
/// Hugging Face's Conv1D layout [in, out], so x @ W + b.
/// </summary>
public sealed class Gpt2Block(Gpt2Config config, Func<string, long[], Parameter> weight, string prefix)
{
    private readonly int _d = config.DModel;
    private readonly int _nHead = config.NHead;
    private readonly double _eps = config.LayerNormEps;

    private readonly Parameter _ln1W = weight($"{prefix}ln_1.weight", [config.DModel]);
    private readonly Parameter _ln1B = weight($"{prefix}ln_1.bias", [config.DModel]);
    private readonly Parameter _cAttnW = weight($"{prefix}attn.c_attn.weight", [config.DModel, 3 * config.DModel]);
    private readonly Parameter _cAttnB = weight($"{prefix}attn.c_attn.bias", [3 * config.DModel]);
    private readonly Parameter _cProjW = weight($"{prefix}attn.c_proj.weight", [config.DModel, config.DModel]);
    private readonly Parameter _cProjB = weight($"{prefix}attn.c_proj.bias", [config.DModel]);
    private readonly Parameter _ln2W = weight($"{prefix}ln_2.weight", [config.DModel]);
    private readonly Parameter _ln2B = weight($"{prefix}ln_2.bias", [config.DModel]);
    private readonly Parameter _fcW = weight($"{prefix}mlp.c_fc.weight", [config.DModel, config.DFf]);
    private readonly Parameter _fcB = weight($"{prefix}mlp.c_fc.bias", [config.DFf]);
    private readonly Parameter _mlpProjW = weight($"{prefix}mlp.c_proj.weight", [config.DFf, config.DModel]);
    private readonly Parameter _mlpProjB = weight($"{prefix}mlp.c_proj.bias", [config.DModel]);

    /// <param name="x">[B, T, d] for training (cache null) or [T, d] for a session with its cache.</param>
    public Tensor Forward(Tensor x, KvCache? cache)
    {
        var t = x.shape[^2];
        var h = layer_norm(x, [_d], _ln1W, _ln1B, _eps);
        var qkv = matmul(h, _cAttnW) + _cAttnB;
        var q = Heads(qkv.narrow(-1, 0, _d));
        var k = Heads(qkv.narrow(-1, _d, _d));
        var v = Heads(qkv.narrow(-1, 2 * _d, _d));

        var start = cache?.Length ?? 0;
        if (cache is not null)
            (k, v) = cache.Append(k, v);
        var y = CausalAttention.Compute(q, k, v, start);
        y = y.transpose(-3, -2).reshape([.. x.shape[..^2], t, _d]);
        x = x + matmul(y, _cProjW) + _cProjB;

        h = layer_norm(x, [_d], _ln2W, _ln2B, _eps);
        var hidden = gelu(matmul(h, _fcW) + _fcB, TorchSharp.Modules.GELU.Approximate.tanh);
        return x + matmul(hidden, _mlpProjW) + _mlpProjB;
    }

    /// <summary>[..., T, d] -> [..., n_head, T, hd].</summary>
    private Tensor Heads(Tensor x) =>
        x.reshape([.. x.shape[..^1], _nHead, _d / _nHead]).transpose(-3, -2);
}
