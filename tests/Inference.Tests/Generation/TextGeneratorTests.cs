using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;
using Splitwise.Inference.Tests.Models;

namespace Splitwise.Inference.Tests.Generation;

public class TextGeneratorTests
{
    [Fact]
    public void TopOneSamplingIsGreedy()
    {
        var (model, _) = TestModels.Create("gpt2");
        using var _ = model;

        var greedy = TextGenerator.Generate(model, [1, 2, 3], 12, SamplingOptions.Greedy).ToArray();
        var topOne = TextGenerator.Generate(model, [1, 2, 3], 12, new SamplingOptions(Temperature: 0.8, TopK: 1, Seed: 5)).ToArray();

        Assert.Equal(greedy, topOne);
    }

    [Fact]
    public void ASeedReproducesASampledGeneration()
    {
        var (model, _) = TestModels.Create("llama-gqa");
        using var _ = model;
        var sampling = new SamplingOptions(Temperature: 1.5, TopK: 20, Seed: 42);

        var first = TextGenerator.Generate(model, [4, 5], 20, sampling).ToArray();
        var second = TextGenerator.Generate(model, [4, 5], 20, sampling).ToArray();

        Assert.Equal(first, second);
        Assert.All(first, t => Assert.InRange(t, 0, model.Shape.VocabSize - 1));
    }

    [Fact]
    public void GenerationStopsAtTheContextLength()
    {
        var (model, _) = TestModels.Create("gpt2");
        using var _ = model;
        var prompt = Enumerable.Range(0, model.Shape.MaxSeqLen - 3).ToArray();

        Assert.Equal(3, TextGenerator.Generate(model, prompt, 50, SamplingOptions.Greedy).Count());
    }

    [Fact]
    public void BadInputIsRejectedClearly()
    {
        var (model, _) = TestModels.Create("gpt2");
        using var _ = model;

        Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, [], 5, SamplingOptions.Greedy));
        Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, [1, 9999], 5, SamplingOptions.Greedy));
        Assert.Throws<ContextOverflowException>(() => TextGenerator.Generate(model, new int[model.Shape.MaxSeqLen], 5, SamplingOptions.Greedy));
        Assert.Throws<ArgumentException>(() => new Sampler(new SamplingOptions(Temperature: -1)));
    }
}
