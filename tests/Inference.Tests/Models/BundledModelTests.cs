using Splitwise.Contracts;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Inference.Tests.Models;

/// <summary>The model committed under models/: it loads, and its decomposition is exact on real weights.</summary>
public class BundledModelTests
{
    [Fact]
    public void LoadsWithItsByteTokenizer()
    {
        using var model = ModelLoader.Open(ModelLoader.LocateBundled());

        Assert.Equal("gpt2", model.Shape.Family);
        Assert.Equal(256, model.Shape.VocabSize);
        Assert.Equal("In the beginning", model.Tokenizer.Decode(model.Tokenizer.Encode("In the beginning")));
    }

    [Theory]
    [InlineData(4, 4, false)]
    [InlineData(8, 1, true)]
    public void DecompositionIsExactOnTheTrainedWeights(int headGroups, int ffnSlices, bool splitFfn)
    {
        using var model = ModelLoader.Open(ModelLoader.LocateBundled());
        using var reference = model.LoadReference();
        using var decomposed = model.Decompose(DecompositionSpec.WithHeadGroups(model.Shape.NKvHead, headGroups, ffnSlices, splitFfn));
        var prompt = model.Tokenizer.Encode("And God said, Let there be").ToArray();

        var result = ParityCheck.Run(decomposed, reference, prompt, decodeSteps: 16);

        Assert.True(result.MaxLogitDiff <= 1e-4, $"max |logit diff| {result.MaxLogitDiff:E2}");
        Assert.Equal(result.ReferenceTokens, result.CandidateTokens);
    }

    [Fact]
    public void GreedyGenerationIsDeterministic()
    {
        using var model = ModelLoader.Open(ModelLoader.LocateBundled());
        using var reference = model.LoadReference();
        var prompt = model.Tokenizer.Encode("In the beginning");

        var first = TextGenerator.Generate(reference, prompt, 24, SamplingOptions.Greedy).ToArray();
        var second = TextGenerator.Generate(reference, prompt, 24, SamplingOptions.Greedy).ToArray();

        Assert.Equal(first, second);
    }
}
