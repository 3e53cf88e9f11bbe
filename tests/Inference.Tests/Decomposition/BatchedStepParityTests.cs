using Splitwise.Contracts;
using Splitwise.Inference.Codecs;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Models;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Inference.Tests.Models;

namespace Splitwise.Inference.Tests.Decomposition;

/// <summary>
/// Continuous batching is exact: sessions with different prompts and lengths, joining and leaving at
/// different steps and stepped together (prompt rows next to decode rows), give each session the
/// logits (fp32 round-off) and greedy tokens it gets stepped alone, and the monolithic reference's.
/// </summary>
public class BatchedStepParityTests
{
    /// <summary>Five generations: two start together, the others join later while earlier ones leave.</summary>
    private static readonly BatchedGeneration[] Mixed =
    [
        new([3, 14, 15, 92, 65], JoinAt: 0, DecodeSteps: 6),
        new([35, 89], JoinAt: 0, DecodeSteps: 11),
        new([79, 32, 38, 46, 26, 43, 38, 32, 79], JoinAt: 1, DecodeSteps: 4),
        new([50], JoinAt: 3, DecodeSteps: 9),
        new([28, 84, 19, 71], JoinAt: 8, DecodeSteps: 5),
    ];

    /// <summary>slabs: 0 = every session its own caches (attention per session); 8 = all in slabs (decode
    /// steps attend as one padded kernel); 3 = slabs too small, so later sessions fall back per session.</summary>
    public static TheoryData<string, int, int, bool, int> Cuts() => new()
    {
        { "gpt2", 4, 1, false, 0 },
        { "gpt2", 4, 1, false, 8 },
        { "gpt2", 1, 4, false, 8 },
        { "gpt2", 2, 2, true, 0 },
        { "gpt2", 2, 2, true, 3 },
        { "llama-gqa", 1, 2, false, 0 },
        { "llama-gqa", 1, 2, false, 8 },
        { "llama-gqa", 2, 4, true, 8 },
        { "llama-mha", 2, 1, false, 0 },
        { "llama-mha", 2, 1, false, 8 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void TogetherEqualsAloneAndTheReference(string family, int kvHeadsPerGroup, int ffnSlices, bool splitFfn, int slabs)
    {
        var (reference, reader) = TestModels.Create(family);
        using var _ = reference;
        using var decomposed = new DecomposedTransformer(reader, new DecompositionSpec(kvHeadsPerGroup, ffnSlices, splitFfn));
        if (slabs > 0)
            decomposed.UseSlabs(slabs);

        AssertParity(decomposed, reference, Mixed);
    }

    [Fact]
    public void BundledModel()
    {
        using var model = ModelLoader.Open(ModelLoader.LocateBundled());
        using var reference = model.LoadReference();
        using var decomposed = model.Decompose(DecompositionSpec.WithHeadGroups(model.Shape.NKvHead, 4, 4));
        decomposed.UseSlabs(4);
        var prompts = new[] { "In the beginning", "And God said, Let there be", "Jesus wept.", "The LORD is my shepherd" };
        var generations = prompts.Select((p, i) => new BatchedGeneration(model.Tokenizer.Encode(p).ToArray(), JoinAt: 2 * i, DecodeSteps: 12 - 2 * i)).ToArray();

        AssertParity(decomposed, reference, generations);
    }

    [Fact]
    public void Gpt2SmallShape()
    {
        using var reference = Gpt2Model.Random(Gpt2Config.Gpt2Small, seed: 3);
        var reader = new Gpt2SubBlockWeights(reference.Config, new InMemoryTensorSource(TestModels.AsTensors(reference.Weights)));
        using var decomposed = new DecomposedTransformer(reader, DecompositionSpec.Default(reference.Shape.NKvHead));
        decomposed.UseSlabs(3);
        BatchedGeneration[] generations =
        [
            new([464, 3290, 318], JoinAt: 0, DecodeSteps: 4),
            new([15496, 11, 616, 1438, 318, 1757], JoinAt: 0, DecodeSteps: 2),
            new([40], JoinAt: 2, DecodeSteps: 3),
        ];

        AssertParity(decomposed, reference, generations);
    }

    /// <summary>An int8 boundary codec between layers quantises each session's rows as its own call would.</summary>
    [Fact]
    public void Int8BoundaryCodecSeesEachSessionAlone()
    {
        var (reference, reader) = TestModels.Create("gpt2");
        using var _ = reference;
        using var decomposed = new DecomposedTransformer(reader, new DecompositionSpec(2, 2, SplitFfn: true));
        decomposed.UseSlabs(5);
        var codec = ActivationCodecs.Int8;
        decomposed.LayerBoundary = x => codec.DecodeToTensor(codec.Encode(x));

        var together = BatchedRun.Together(decomposed, Mixed);
        var alone = BatchedRun.Alone(decomposed, Mixed);

        Assert.True(BatchedRun.MaxDiff(together, alone) <= 1e-5, $"max |logit diff| {BatchedRun.MaxDiff(together, alone):E2}");
        Assert.Equal(alone.Select(t => t.Tokens), together.Select(t => t.Tokens));
    }

    [Fact]
    public void ASessionTwiceInOneBatchIsRefused()
    {
        var (reference, reader) = TestModels.Create("gpt2");
        using var _ = reference;
        using var decomposed = new DecomposedTransformer(reader, new DecompositionSpec(2, 1));
        using var session = decomposed.StartSession();

        Assert.Throws<ArgumentException>(() => decomposed.ForwardBatch([session, session], [[1], [2]]));
        Assert.Throws<ArgumentException>(() => decomposed.ForwardBatch([session], [[]]));
        Assert.Equal(0, session.Length);
    }

    [Fact]
    public void ASlabSlotIsFreedWhenItsSessionLeaves()
    {
        var (reference, reader) = TestModels.Create("llama-gqa");
        using var _ = reference;
        using var decomposed = new DecomposedTransformer(reader, new DecompositionSpec(1, 1));
        decomposed.UseSlabs(2);
        var first = decomposed.StartSession();
        using var second = decomposed.StartSession();
        using var third = decomposed.StartSession();

        Assert.Equal(0, decomposed.Layers[0].Attention[0].SlabFreeSlots);
        first.Dispose();
        Assert.Equal(1, decomposed.Layers[0].Attention[0].SlabFreeSlots);
    }

    private static void AssertParity(DecomposedTransformer decomposed, ICausalLm reference, BatchedGeneration[] generations)
    {
        var together = BatchedRun.Together(decomposed, generations);
        var alone = BatchedRun.Alone(decomposed, generations);
        var monolithic = BatchedRun.Alone(reference, generations);

        var vsAlone = BatchedRun.MaxDiff(together, alone);
        var vsReference = BatchedRun.MaxDiff(together, monolithic);
        Assert.True(vsAlone <= 1e-4, $"together vs alone: max |logit diff| {vsAlone:E2}");
        Assert.True(vsReference <= 1e-4, $"together vs monolithic: max |logit diff| {vsReference:E2}");
        Assert.Equal(alone.Select(t => t.Tokens), together.Select(t => t.Tokens));
        Assert.Equal(monolithic.Select(t => t.Tokens), together.Select(t => t.Tokens));
        Assert.All(together.Zip(generations), p => Assert.Equal(p.Second.DecodeSteps + 1, p.First.Tokens.Count));
    }
}
