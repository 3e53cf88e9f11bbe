using Splitwise.Testbed.Learning;
using static TorchSharp.torch;

namespace Splitwise.Testbed.Tests.Learning;

public class PolicyNetworkParityTests
{
    [Theory]
    [InlineData(Ablation.None, 32)]
    [InlineData(Ablation.Layerwise, 6)]
    [InlineData(Ablation.FixedCodec, 48)]
    public void The_plain_forward_pass_equals_the_TorchSharp_one(Ablation ablation, int layers)
    {
        var shape = new NetworkShape(StateFeatures.Count, 16, 8);
        var weights = PolicyWeights.Initial(shape, 7);
        // Larger weights than the initial ones, so the heads' logits are not all near 0.
        var random = new Random(3);
        foreach (var t in weights.Tensors)
            for (var i = 0; i < t.Length; i++)
                t[i] += (float)(random.NextDouble() - 0.5);
        var masks = new ActionMasks(ablation, "int8");
        var plain = new PolicyForward(weights, layers);
        using var net = new PolicyNetwork(weights);
        const int batch = 5;
        var x = new float[batch * StateFeatures.Count];
        for (var i = 0; i < x.Length; i++)
            x[i] = (float)(random.NextDouble() * 3);
        var offload = Enumerable.Range(0, batch).Select(b => (long)(b * 2 % ActionSpace.OffloadBuckets)).ToArray();
        var codec = Enumerable.Range(0, batch).Select(b => (long)(b % 4)).ToArray();
        var edge = new float[batch * layers];
        for (var b = 0; b < batch; b++)
            for (var l = 0; l < ActionSpace.EdgeLayers((int)offload[b], layers); l++)
                edge[b * layers + l] = 1;
        using var scope = NewDisposeScope();
        var (off, cod, value, h2) = net.Heads(tensor(x, [batch, StateFeatures.Count]), masks);
        var (att, ffn) = net.Layers(h2, tensor(offload), tensor(codec), tensor(edge, [batch, layers]), masks);
        var offT = off.data<float>().ToArray();
        var codT = cod.data<float>().ToArray();
        var valueT = value.data<float>().ToArray();
        var attT = att.data<float>().ToArray();
        var ffnT = ffn.data<float>().ToArray();
        for (var b = 0; b < batch; b++)
        {
            plain.Encode(x.AsSpan(b * StateFeatures.Count, StateFeatures.Count));
            Near(offT.AsSpan(b * 9, 9), plain.OffloadLogits);
            for (var c = 0; c < 4; c++)
                if (masks.Codec[c])
                    Close(codT[b * 4 + c], plain.CodecLogits[c]);
            Close(valueT[b], plain.Value);
            plain.RunLayers((int)offload[b], (int)codec[b], layers, ActionSpace.EdgeLayers((int)offload[b], layers));
            for (var l = 0; l < layers; l++)
            {
                for (var a = 0; a < ActionSpace.AttentionBuckets; a++)
                    if (masks.Attention[a])
                        Close(attT[(b * layers + l) * 5 + a], plain.AttentionLogits[l * 5 + a]);
                Near(ffnT.AsSpan((b * layers + l) * 3, 3), plain.FfnLogits.AsSpan(l * 3, 3));
            }
        }
    }

    [Fact]
    public void The_joint_log_probability_of_a_sampled_action_agrees_between_the_two_passes()
    {
        const int layers = 12;
        var shape = new NetworkShape(StateFeatures.Count, 16, 8);
        var weights = PolicyWeights.Initial(shape, 11);
        var random = new Random(5);
        foreach (var t in weights.Tensors)
            for (var i = 0; i < t.Length; i++)
                t[i] += (float)(random.NextDouble() - 0.5);
        var masks = new ActionMasks(Ablation.None, "int8");
        var plain = new PolicyForward(weights, layers);
        var x = Enumerable.Range(0, StateFeatures.Count).Select(i => (float)(i % 3)).ToArray();
        plain.Encode(x);
        var attention = new byte[layers];
        var ffn = new byte[layers];
        var logp = masks.Choose(plain, layers, new Random(1), out var offload, out var codec, attention, ffn);
        using var net = new PolicyNetwork(weights);
        using var scope = NewDisposeScope();
        var edge = Enumerable.Range(0, layers).Select(l => l < ActionSpace.EdgeLayers(offload, layers) ? 1f : 0f).ToArray();
        var (torchLogp, entropy, _) = net.Evaluate(tensor(x, [1, StateFeatures.Count]), tensor(new long[] { offload }), tensor(new long[] { codec }),
            tensor(edge, [1, layers]), tensor(attention.Select(a => (long)a).ToArray(), [1, layers]), tensor(ffn.Select(a => (long)a).ToArray(), [1, layers]), masks);
        Assert.True(Math.Abs(logp - torchLogp.item<float>()) < 1e-3, $"{logp} vs {torchLogp.item<float>()}");
        Assert.True(entropy.item<float>() > 0);
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) < 1e-4, $"expected {expected}, got {actual}");

    private static void Near(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Close(expected[i], actual[i]);
    }
}
