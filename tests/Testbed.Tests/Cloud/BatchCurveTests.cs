using Splitwise.Testbed.Cloud;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Presets;

namespace Splitwise.Testbed.Tests.Cloud;

/// <summary>A measured batch curve (bench batching's tokens/s per batch size) as the shared cloud's step-time shape.</summary>
public class BatchCurveTests
{
    private static readonly BatchCurve Measured = new([(1, 80), (2, 120), (4, 200), (16, 400)]);

    [Fact]
    public void TokensPerSecondIsInterpolatedBetweenBatchesAndHeldBeyondTheLast()
    {
        Assert.Equal(80, Measured.TokensPerSecond(1), 9);
        Assert.Equal(160, Measured.TokensPerSecond(3), 9);
        Assert.Equal(300, Measured.TokensPerSecond(10), 9);
        Assert.Equal(400, Measured.TokensPerSecond(64), 9);
        Assert.Equal(80, Measured.TokensPerSecond(0.5), 9);
        // A step of 16 sessions: 16 tokens at 400 tokens/s = 40 ms, a lone step 12.5 ms.
        Assert.Equal(3.2, Measured.Slowdown(16), 9);
        Assert.Equal(1, Measured.Slowdown(1), 9);
        Assert.Equal(2 * Measured.Slowdown(32), Measured.Slowdown(64), 9);
    }

    [Fact]
    public void ABatchedGpuWithACurveTakesItsBatchShapeFromIt()
    {
        var roofline = new BatchedGpu(DeviceProfiles.CloudA100, ModelPresets.Llama7B);
        var measured = new BatchedGpu(DeviceProfiles.CloudA100, ModelPresets.Llama7B) { Curve = Measured };

        Assert.Equal(roofline.DecodeStepSeconds(1, 1000), measured.DecodeStepSeconds(1, 1000), 12);
        // 16 requests of 1,000 cached positions each: a lone request's step times the measured slowdown at 16.
        Assert.Equal(3.2 * measured.DecodeStepSeconds(1, 1000), measured.DecodeStepSeconds(16, 16000), 12);
        Assert.NotEqual(roofline.DecodeStepSeconds(16, 1000), measured.DecodeStepSeconds(16, 1000));
    }

    [Fact]
    public void TheCurveIsReadFromBenchBatchingJsonAndMustStartAtOneSession()
    {
        const string json = """
            {"bench":"batching","results":[
              {"model":"bundled (kjv-gpt2-6x256)","levels":[{"sessions":1,"batched_tokens_per_second":83.5},{"sessions":16,"batched_tokens_per_second":408.0}]},
              {"model":"gpt2-small (random weights, seed 1)","levels":[{"sessions":1,"batched_tokens_per_second":13.6,"sequential_tokens_per_second":12.1},{"sessions":2,"batched_tokens_per_second":13.0,"sequential_tokens_per_second":20.0}]},
              {"model":"warm-up (first level slow)","levels":[{"sessions":1,"batched_tokens_per_second":5.0,"sequential_tokens_per_second":9.0},{"sessions":2,"batched_tokens_per_second":16.0}]}]}
            """;

        var curve = BatchCurve.FromBenchJson(json, "gpt2-small");

        Assert.Equal([(1, 13.6), (2, 13.0)], curve.Points);
        // At one session, the faster of the two measurements of the same work.
        Assert.Equal([(1, 9.0), (2, 16.0)], BatchCurve.FromBenchJson(json, "warm-up").Points);
        Assert.Throws<ArgumentException>(() => BatchCurve.FromBenchJson(json, "llama"));
        Assert.Throws<ArgumentException>(() => new BatchCurve([(2, 10.0)]));
        Assert.Throws<ArgumentException>(() => new BatchCurve([(1, 10.0), (2, 0.0)]));
    }
}
