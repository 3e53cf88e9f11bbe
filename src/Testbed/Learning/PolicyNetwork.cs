using static TorchSharp.torch;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// The controller network in TorchSharp, for training: the same tensors and the same arithmetic as
/// <see cref="PolicyForward"/> (the plain C# pass that decides at run time; a test checks they agree), batched.
/// Weights are leaf tensors that require gradients, in <see cref="NetworkShape.Tensors"/> order.
/// </summary>
public sealed class PolicyNetwork : IDisposable
{
    private readonly Dictionary<string, Tensor> _byName = [];

    public PolicyNetwork(PolicyWeights weights)
    {
        Shape = weights.Shape;
        var specs = Shape.Tensors;
        var list = new List<Tensor>();
        for (var i = 0; i < specs.Count; i++)
        {
            var t = tensor(weights.Tensors[i], specs[i].Shape.Select(d => (long)d).ToArray()).requires_grad_(true);
            _byName[specs[i].Name] = t;
            list.Add(t);
        }

        Parameters = list;
    }

    public NetworkShape Shape { get; }

    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The weights as plain arrays (for <see cref="PolicyForward"/> and the policy file).</summary>
    public PolicyWeights Export() => new(Shape, Parameters.Select(p => p.detach().contiguous().data<float>().ToArray()).ToArray());

    /// <summary>The batch's output for the actions taken.</summary>
    /// <param name="x">[B, features].</param>
    /// <param name="offload">[B] offload buckets taken.</param>
    /// <param name="codec">[B] codec indices taken.</param>
    /// <param name="edge">[B, L] 1 for the layers of the edge part (those that took a low-level decision).</param>
    /// <param name="attention">[B, L] attention buckets taken.</param>
    /// <param name="ffn">[B, L] FFN modes taken.</param>
    /// <returns>joint log-probability [B], entropy [B] (high-level heads plus the mean over layers of the edge part's), value [B].</returns>
    public (Tensor LogProb, Tensor Entropy, Tensor Value) Evaluate(Tensor x, Tensor offload, Tensor codec, Tensor edge, Tensor attention, Tensor ffn, ActionMasks masks)
    {
        var (offloadLogits, codecLogits, value, h2) = Heads(x, masks);
        var (attentionLogits, ffnLogits) = Layers(h2, offload, codec, edge, masks);
        var logp = Pick(offloadLogits, offload) + Pick(codecLogits, codec);
        var layerLogp = Pick(attentionLogits, attention);
        var layerEntropy = Entropy(attentionLogits);
        if (!masks.TiedFfn)
        {
            layerLogp = layerLogp + Pick(ffnLogits, ffn);
            layerEntropy = layerEntropy + Entropy(ffnLogits);
        }

        logp = logp + (layerLogp * edge).sum(1);
        var entropy = Entropy(offloadLogits) + Entropy(codecLogits) + (layerEntropy * edge).mean([1L]);
        return (logp, entropy, value);
    }

    /// <summary>The encoder and the high-level heads: offload logits [B, 9], masked codec logits [B, 4], value [B], encoded state [B, H].</summary>
    public (Tensor Offload, Tensor Codec, Tensor Value, Tensor Encoded) Heads(Tensor x, ActionMasks masks)
    {
        var h1 = tanh(x.matmul(W("enc1.w").t()) + W("enc1.b"));
        var h2 = tanh(h1.matmul(W("enc2.w").t()) + W("enc2.b"));
        var offload = h2.matmul(W("offload.w").t()) + W("offload.b");
        var codec = h2.matmul(W("codec.w").t()) + W("codec.b") + MaskAdd(masks.Codec);
        var value = (h2.matmul(W("value.w").t()) + W("value.b")).squeeze(-1);
        return (offload, codec, value, h2);
    }

    /// <summary>The LSTM across the layers: attention logits [B, L, 5] (masked) and FFN logits [B, L, 3].</summary>
    public (Tensor Attention, Tensor Ffn) Layers(Tensor h2, Tensor offload, Tensor codec, Tensor edge, ActionMasks masks)
    {
        int hidden = Shape.Hidden, codecs = Shape.Codecs, hs = Shape.LstmHidden;
        var layers = edge.shape[1];
        var wi = W("lstm.wi");
        var share = offload.to_type(ScalarType.Float32).unsqueeze(1) / (ActionSpace.OffloadBuckets - 1);
        var oneHot = nn.functional.one_hot(codec, codecs).to_type(ScalarType.Float32);
        var baseGates = h2.matmul(wi.narrow(1, 0, hidden).t()) + oneHot.matmul(wi.narrow(1, hidden, codecs).t())
                        + share * wi.select(1, hidden + codecs) + W("lstm.b");
        var depthColumn = wi.select(1, hidden + codecs + 1);
        var edgeColumn = wi.select(1, hidden + codecs + 2);
        var batch = h2.shape[0];
        var h = zeros(batch, hs);
        var c = zeros(batch, hs);
        var attention = new List<Tensor>();
        var ffn = new List<Tensor>();
        var attentionMask = MaskAdd(masks.Attention);
        for (var l = 0L; l < layers; l++)
        {
            var gates = baseGates + depthColumn * ((float)l / layers) + edge.narrow(1, l, 1) * edgeColumn + h.matmul(W("lstm.wh").t());
            var g = gates.chunk(4, 1);
            c = sigmoid(g[1]) * c + sigmoid(g[0]) * tanh(g[2]);
            h = sigmoid(g[3]) * tanh(c);
            attention.Add(h.matmul(W("attention.w").t()) + W("attention.b") + attentionMask);
            ffn.Add(h.matmul(W("ffn.w").t()) + W("ffn.b"));
        }

        return (stack(attention, 1), stack(ffn, 1));
    }

    private Tensor W(string name) => _byName[name];

    /// <summary>0 where allowed, -1e9 where masked: added to the logits.</summary>
    private static Tensor MaskAdd(bool[] mask) => tensor(mask.Select(m => m ? 0f : -1e9f).ToArray());

    private static Tensor Pick(Tensor logits, Tensor taken) =>
        logits.log_softmax(-1).gather(-1, taken.unsqueeze(-1)).squeeze(-1);

    private static Tensor Entropy(Tensor logits)
    {
        var logp = logits.log_softmax(-1);
        return -(logp.exp() * logp).sum(-1);
    }

    public void Dispose()
    {
        foreach (var p in Parameters)
            p.Dispose();
    }
}
