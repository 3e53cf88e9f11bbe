using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Learning;

public class PlanBuilderTests
{
    private static Testbed.Environment.World WorldOf(string model, string device) =>
        new(Scenarios.Get("office") with { Model = model, Device = device, Requests = 5 }, 1, new Links.ConstantLink(20, 20));

    [Theory]
    [InlineData(0, 32, 32)]
    [InlineData(8, 32, 0)]
    [InlineData(4, 32, 16)]
    [InlineData(1, 48, 42)]
    [InlineData(3, 6, 4)]
    public void Offload_buckets_send_the_last_share_of_layers_to_the_cloud(int bucket, int layers, int edge) =>
        Assert.Equal(edge, ActionSpace.EdgeLayers(bucket, layers));

    [Fact]
    public void Exploring_many_actions_keeps_the_memos_bounded_and_the_plans_right()
    {
        // Training meets a new layout almost every decision; the memos keyed by layout start over past their capacity
        // (unbounded, they grew a training run by ~50 MB/s), and a plan built after that is still the one its action names.
        var world = WorldOf("gpt2-xl", "orin-nx");
        var builder = new PlanBuilder(world.Setup.Context);
        var layers = builder.Layers;
        var random = new Random(3);
        var attention = new byte[layers];
        var ffn = new byte[layers];
        PartitionPlan? last = null;
        for (var i = 0; i < 3 * LayoutMemo.Capacity; i++)
        {
            for (var l = 0; l < layers; l++)
                (attention[l], ffn[l]) = ((byte)random.Next(ActionSpace.AttentionBuckets), (byte)random.Next(ActionSpace.FfnModes));
            last = builder.Build(0, ActionSpace.CodecIndex("fp16"), attention, ffn, out _);
            Assert.InRange(builder.Cached, 1, LayoutMemo.Capacity);
        }

        var layout = PlanLayout.From(last!, world.Setup.Context.Model.HeadGroups);
        Assert.Equal(ActionSpace.EdgeGroups(attention[^1], 5), layout.Stages[2 * (layers - 1)].EdgeEdge);
        Assert.Equal((FfnMode)ffn[^1] == FfnMode.Edge ? 4 : 0, layout.Stages[2 * layers - 1].EdgeEdge);
    }

    [Fact]
    public void An_action_builds_the_plan_it_names_and_the_layout_round_trips()
    {
        // gpt2-xl on an Orin: 48 layers, 5 head groups (25 heads), 4 FFN slices; its 16 GB holds the whole model.
        var world = WorldOf("gpt2-xl", "orin-nx");
        var context = world.Setup.Context;
        var builder = new PlanBuilder(context);
        var layers = builder.Layers;
        var attention = new byte[layers];
        var ffn = new byte[layers];
        for (var l = 0; l < layers; l++)
            (attention[l], ffn[l]) = ((byte)(l % 5), (byte)(l % 3));
        var plan = builder.Build(2, ActionSpace.CodecIndex("fp16"), attention, ffn, out var edge);
        Assert.Equal(ActionSpace.EdgeLayers(2, layers), edge);
        Assert.Equal("fp16", plan.Codec);
        Assert.True(plan.Spec.SplitFfn);
        var layout = PlanLayout.From(plan, context.Model.HeadGroups);
        for (var l = 0; l < layers; l++)
        {
            var a = layout.Stages[2 * l];
            var f = layout.Stages[2 * l + 1];
            var onEdge = l < edge;
            Assert.Equal(onEdge ? ActionSpace.EdgeGroups(attention[l], 5) : 0, a.EdgeEdge);
            var mode = onEdge ? (FfnMode)ffn[l] : FfnMode.Cloud;
            Assert.Equal(mode == FfnMode.Edge ? 4 : 0, f.EdgeEdge);
            Assert.Equal(mode == FfnMode.Split ? 4 : 0, f.EdgeCloud);
            Assert.Equal(mode == FfnMode.Cloud ? 4 : 0, f.CloudCloud);
        }

        Assert.True(context.Memory.Check(layout).Fits);
        // The same action again: the same plan object, and no new entry.
        Assert.Same(plan, builder.Build(2, ActionSpace.CodecIndex("fp16"), attention, ffn, out _));
        Assert.Equal(1, builder.Cached);
    }

    [Fact]
    public void A_plan_too_big_for_the_edge_is_repaired_by_shortening_the_edge_part_and_the_environment_accepts_it()
    {
        // llama-7b (about 13 GB in fp16) does not fit an S23's memory: all layers on the edge must be repaired.
        var world = WorldOf("llama-7b", "s23");
        var context = world.Setup.Context;
        var builder = new PlanBuilder(context);
        var all = Enumerable.Repeat((byte)(ActionSpace.AttentionBuckets - 1), builder.Layers).ToArray();
        var ffn = new byte[builder.Layers];
        var plan = builder.Build(0, ActionSpace.CodecIndex("int8"), all, ffn, out var edge);
        Assert.InRange(edge, 0, builder.Layers - 1);
        Assert.True(context.Memory.Check(PlanLayout.From(plan, context.Model.HeadGroups)).Fits);
        // One more layer on the edge would not fit: the repair keeps as many layers as fit.
        if (edge < builder.Layers)
        {
            var one = context.Cut(edge + 1);
            Assert.False(context.Memory.Check(one).Fits);
        }

        var env = SplitEnvironment.Reset(world);
        Assert.False(env.Step(plan).Outcome.PlanRejected);
    }

    [Fact]
    public void Cloud_part_layers_ignore_their_low_level_choices()
    {
        var world = WorldOf("gpt2-xl", "orin-nx");
        var builder = new PlanBuilder(world.Setup.Context);
        var a = new byte[builder.Layers];
        var b = Enumerable.Repeat((byte)4, builder.Layers).ToArray();
        var f = new byte[builder.Layers];
        // Bucket 8: everything offloaded, whatever the layers say.
        var plan = builder.Build(ActionSpace.OffloadBuckets - 1, 2, b, f, out var edge);
        Assert.Equal(0, edge);
        Assert.Same(plan, builder.Build(ActionSpace.OffloadBuckets - 1, 2, a, f, out _));
        Assert.All(plan.Tiers.Values, t => Assert.Equal(Tier.Cloud, t));
    }

    [Fact]
    public void Out_of_range_choices_are_refused()
    {
        var builder = new PlanBuilder(WorldOf("gpt2-xl", "orin-nx").Setup.Context);
        var ok = new byte[builder.Layers];
        var bad = Enumerable.Repeat((byte)9, builder.Layers).ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(0, 0, bad, ok, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(ActionSpace.OffloadBuckets, 0, ok, ok, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(0, 4, ok, ok, out _));
        Assert.Throws<ArgumentException>(() => builder.Build(0, 0, ok.AsSpan(1), ok, out _));
    }

    [Fact]
    public void Ablation_masks_fix_the_codec_and_tie_a_layer_to_one_tier()
    {
        Assert.Equal([false, false, true, false], ActionSpace.CodecMask(Ablation.FixedCodec, "int8"));
        Assert.All(ActionSpace.CodecMask(Ablation.None, "int8"), Assert.True);
        Assert.Equal([true, false, false, false, true], ActionSpace.AttentionMask(Ablation.Layerwise));
        Assert.Equal(FfnMode.Edge, ActionSpace.TiedFfn(ActionSpace.AttentionBuckets - 1));
        Assert.Equal(FfnMode.Cloud, ActionSpace.TiedFfn(0));
    }
}
