using Splitwise.Contracts;
using Splitwise.Inference.Codecs;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class ExecutionModelTests
{
    private readonly ExecutionModel _model = TinySetup.Model("int8");

    [Fact]
    public void A_stage_wholly_on_the_residual_tier_is_its_compute_and_glue_and_sends_nothing()
    {
        var u = _model.Times(1, 10);
        var cost = _model.Stage(StageLayout.Whole(StageKind.Attention, 2, 0), Tier.Edge, u, new LinkState(10, 10, 40));

        Assert.Equal(2 * u.UpTime(StageLayout.Whole(StageKind.Attention, 1, 0), Tier.Edge) + Glue(u, Tier.Edge), cost.Seconds, 12);
        Assert.Equal(0, cost.BytesUp + cost.BytesDown);
        Assert.Equal(0, cost.CloudComputeSeconds);
    }

    [Fact]
    public void A_far_group_costs_the_normed_input_up_its_compute_and_the_partial_down_in_parallel_with_the_near_one()
    {
        var u = _model.Times(1, 10);
        var link = new LinkState(8, 16, 40); // 1 byte/us up, 2 bytes/us down
        var stage = StageLayout.Whole(StageKind.Attention, 1, 1);
        var cost = _model.Stage(stage, Tier.Edge, u, link);

        var bytes = Int8ActivationCodec.EncodedLength(1, TinySetup.Shape.DModel);
        var far = 0.020 + bytes / 1e6 + u.UpTime(stage, Tier.Cloud) + 0.020 + bytes / 2e6;
        var near = u.UpTime(stage, Tier.Edge);
        Assert.Equal(Math.Max(near, far) + Glue(u, Tier.Edge), cost.Seconds, 12);
        Assert.Equal(bytes, cost.BytesUp);
        Assert.Equal(bytes, cost.BytesDown);
        Assert.Equal(bytes / 1e6, cost.TransmitSeconds, 12);
    }

    [Fact]
    public void In_an_outage_a_stage_that_crosses_stalls_and_one_that_does_not_runs()
    {
        var u = _model.Times(1, 0);
        var down = new LinkState(0, 0, 100, Up: false);
        Assert.True(_model.Stage(StageLayout.Whole(StageKind.Ffn, 1, 1), Tier.Edge, u, down).Stalled);
        Assert.False(_model.Stage(StageLayout.Whole(StageKind.Ffn, 2, 0), Tier.Edge, u, down).Stalled);
    }

    [Fact]
    public void Split_ffn_sends_the_intermediate_of_each_slice_whose_parts_are_on_different_tiers()
    {
        var u = _model.Times(4, 0);
        var link = new LinkState(100, 100, 10);
        var split = _model.Stage(new StageLayout(StageKind.Ffn, true, 0, 2, 0, 0), Tier.Edge, u, link);
        // W1 on the edge for both slices: no normed input goes up; the intermediate (2 slices x 64 columns) does, and the partial comes back.
        var sizes = new CodecSizes("int8");
        Assert.Equal(sizes.Bytes(4, 2 * TinySetup.Shape.DFf / 2), split.BytesUp);
        Assert.Equal(sizes.Bytes(4, TinySetup.Shape.DModel), split.BytesDown);
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("fp16")]
    [InlineData("int8")]
    [InlineData("int4")]
    public void Codec_sizes_are_what_the_real_encoder_writes(string codec)
    {
        var sizes = new CodecSizes(codec);
        foreach (var (rows, cols) in new[] { (1, 64), (3, 64), (7, 100) })
            Assert.Equal(ActivationCodecs.Get(codec).Encode(new float[rows * cols], rows, cols).LongLength, sizes.Bytes(rows, cols));
    }

    /// <summary>A stage with no units is its norm and sum alone.</summary>
    private double Glue(UnitTimes u, Tier tier) =>
        _model.Stage(StageLayout.Whole(StageKind.Attention, 0, 0), tier, u, new LinkState(1, 1, 1)).Seconds;
}
