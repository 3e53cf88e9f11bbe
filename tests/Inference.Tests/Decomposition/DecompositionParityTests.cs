using Splitwise.Contracts;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Tests.Models;

namespace Splitwise.Inference.Tests.Decomposition;

/// <summary>
/// The heart of Splitwise: a layer cut into head groups and FFN parts, with partials summed, gives
/// the monolithic model's logits (<= 1e-4, fp32) and the same greedy tokens, prefill + 16 decode steps.
/// </summary>
public class DecompositionParityTests
{
    public static TheoryData<string, int, int, bool> Cuts()
    {
        var data = new TheoryData<string, int, int, bool>();
        foreach (var family in new[] { "gpt2", "llama-gqa", "llama-mha" })
        {
            var kvHeads = family == "llama-gqa" ? 2 : 4;
            foreach (var groupSize in new[] { 1, 2, kvHeads }.Distinct())
            foreach (var slices in new[] { 1, 2, 4 })
                data.Add(family, groupSize, slices, false);
            data.Add(family, 1, 1, true);
            data.Add(family, 2, 4, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public void DecomposedMatchesMonolithic(string family, int kvHeadsPerGroup, int ffnSlices, bool splitFfn)
    {
        var (reference, reader) = TestModels.Create(family);
        using var _ = reference;
        using var decomposed = new DecomposedTransformer(reader, new DecompositionSpec(kvHeadsPerGroup, ffnSlices, splitFfn));

        var result = ParityCheck.Run(decomposed, reference, prompt: [3, 14, 15, 92, 65, 35, 89, 79], decodeSteps: 16);

        Assert.True(result.MaxLogitDiff <= 1e-4, $"max |logit diff| {result.MaxLogitDiff:E2}");
        Assert.Equal(result.ReferenceTokens, result.CandidateTokens);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama-gqa")]
    public void CachedReferenceMatchesUncached(string family)
    {
        var (reference, _) = TestModels.Create(family);
        using var __ = reference;

        var result = ParityCheck.Run(reference, reference, prompt: [1, 2, 3, 4, 5], decodeSteps: 16);

        Assert.True(result.MaxLogitDiff <= 1e-4, $"max |logit diff| {result.MaxLogitDiff:E2}");
        Assert.Equal(result.ReferenceTokens, result.CandidateTokens);
    }

    [Fact]
    public void SubBlocksOfALayerAreListedInOrder()
    {
        var spec = new DecompositionSpec(KvHeadsPerGroup: 2, FfnSlices: 2, SplitFfn: true);

        var ids = spec.SubBlocks(layer: 3, nKvHead: 4).Select(s => s.ToString());

        Assert.Equal(["L3.attn0", "L3.attn1", "L3.ffn-up0", "L3.ffn-down0", "L3.ffn-up1", "L3.ffn-down1"], ids);
    }
}
