using Splitwise.Inference.Generation;
using static TorchSharp.torch;

namespace Splitwise.Inference.Tests.Generation;

public class SamplerTests
{
    [Fact]
    public void TheNucleusKeepsTheMostLikelyTokensUntilTheirSumReachesTopP()
    {
        double[] probabilities = [0.1, 0.5, 0.3, 0.1];

        Sampler.Nucleus(probabilities, 0.75);

        // 0.5 alone is short of 0.75; 0.5 + 0.3 reaches it, so those two stay, renormalised.
        Assert.Equal([0, 0.5 / 0.8, 0.3 / 0.8, 0], probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void ASmallTopPSamplesOnlyTheMostLikelyToken()
    {
        using var logits = tensor(new float[] { 0.1f, 2.0f, 1.9f, -1f });
        var sampler = new Sampler(new SamplingOptions(Temperature: 1, Seed: 7, TopP: 0.01));
        var open = new Sampler(new SamplingOptions(Temperature: 1, Seed: 7));

        var nucleus = Enumerable.Range(0, 50).Select(_ => sampler.Next(logits)).Distinct().ToArray();
        var whole = Enumerable.Range(0, 50).Select(_ => open.Next(logits)).Distinct().ToArray();

        Assert.Equal([1], nucleus);
        Assert.True(whole.Length > 1, "without top-p the same draws reach other tokens");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void TopPOutsideZeroToOneIsRefused(double topP) =>
        Assert.Throws<ArgumentException>(() => new Sampler(new SamplingOptions(Temperature: 1, TopP: topP)));
}
