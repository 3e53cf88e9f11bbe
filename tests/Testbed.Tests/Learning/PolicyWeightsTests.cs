using Splitwise.Testbed.Learning;

namespace Splitwise.Testbed.Tests.Learning;

public class PolicyWeightsTests
{
    [Fact]
    public void The_first_policy_starts_safe_and_with_a_layer_bias_keeps_its_edge_part_whole_on_the_edge()
    {
        const int layers = 24;
        var shape = new NetworkShape(StateFeatures.Count, 16, 8);
        var masks = new ActionMasks(Ablation.None, "int8");
        var x = Enumerable.Range(0, StateFeatures.Count).Select(i => (float)(i % 5) - 2).ToArray();
        var (attention, ffn) = (new byte[layers], new byte[layers]);

        // The safe start: offload everything, in the scenario's codec.
        var safe = new PolicyForward(PolicyWeights.Initial(shape, 3, ActionSpace.OffloadBuckets - 1, 2, layerBias: 4), layers);
        safe.Encode(x);
        masks.Choose(safe, layers, null, out var offload, out var codec, attention, ffn);
        Assert.Equal((ActionSpace.OffloadBuckets - 1, 2), (offload, codec));

        // With the offload bucket on "keep everything", the low level keeps every layer's head groups and FFN on the edge:
        // the plan is a layer cut, crossing the link once, not at scattered layers.
        var whole = new PolicyForward(PolicyWeights.Initial(shape, 3, 0, 2, layerBias: 4), layers);
        whole.Encode(x);
        masks.Choose(whole, layers, null, out offload, out _, attention, ffn);
        Assert.Equal(0, offload);
        Assert.All(attention, a => Assert.Equal(ActionSpace.AttentionBuckets - 1, a));
        Assert.All(ffn, m => Assert.Equal((byte)FfnMode.Edge, m));

        // Sampled, the first policy keeps nearly all of them there (0.93 x 0.96 a layer at bias 4).
        var random = new Random(1);
        var kept = 0;
        for (var draw = 0; draw < 50; draw++)
        {
            masks.Choose(whole, layers, random, out offload, out _, attention, ffn);
            kept += Enumerable.Range(0, ActionSpace.EdgeLayers(offload, layers)).Count(l => attention[l] == ActionSpace.AttentionBuckets - 1 && ffn[l] == (byte)FfnMode.Edge);
            Assert.All(Enumerable.Range(ActionSpace.EdgeLayers(offload, layers), layers - ActionSpace.EdgeLayers(offload, layers)), l => Assert.Equal((byte)FfnMode.Cloud, ffn[l]));
        }

        var unbiased = new PolicyForward(PolicyWeights.Initial(shape, 3, 0, 2), layers);
        unbiased.Encode(x);
        var keptUnbiased = 0;
        random = new Random(1);
        for (var draw = 0; draw < 50; draw++)
        {
            masks.Choose(unbiased, layers, random, out offload, out _, attention, ffn);
            keptUnbiased += Enumerable.Range(0, ActionSpace.EdgeLayers(offload, layers)).Count(l => attention[l] == ActionSpace.AttentionBuckets - 1 && ffn[l] == (byte)FfnMode.Edge);
        }

        Assert.True(kept > 4 * keptUnbiased, $"{kept} layers kept whole with the bias, {keptUnbiased} without");
    }
}
