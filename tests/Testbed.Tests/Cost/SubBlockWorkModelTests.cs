using Splitwise.Testbed.Cost;

namespace Splitwise.Testbed.Tests.Cost;

/// <summary>Hand-counted work of tiny sub-blocks; the cost model is calibrated against these figures.</summary>
public class SubBlockWorkModelTests
{
    [Fact]
    public void AttentionGroupDecodeStep()
    {
        // d 8, 2 heads of dim 4, 5 positions cached, 1 new token (attends to 6 keys), biased (GPT-2).
        var w = SubBlockWorkModel.AttentionGroup(dModel: 8, queryHeads: 2, kvHeads: 2, headDim: 4, biased: true, cachedTokens: 5, tokens: 1);

        const long qkv = 2 * 1 * 8 * 24 + 24; // x [1,8] @ W [8, 3*2*4] + bias
        const long attention = 2 * 2 * 2 * 4 * 6; // q k^T and p v, 2 heads, 6 keys
        const long output = 2 * 1 * 8 * 8; // [1, 8] @ Wo [8, 8]
        Assert.Equal(qkv + attention + output, w.Flops);
        Assert.Equal((8 * 24 + 24 + 8 * 8) * 4, w.WeightBytes);
        Assert.Equal(2 * 2 * 4 * (1 + 6) * 4, w.KvCacheBytes); // k and v: write 1 position, read 6
        Assert.Equal(2 * 8 * 4, w.ActivationBytes);
        Assert.Equal(6, w.Keys);
    }

    [Fact]
    public void ABatchReadsTheWeightsOnceAndAttendsPerSession()
    {
        // Three sessions through one head group: 5 cached + 1 new, 9 cached + 1 new, a 3-token prompt.
        var batch = SubBlockWorkModel.AttentionBatch(8, 2, 2, 4, true, [5, 9, 0], [1, 1, 3]);
        var alone = new[]
        {
            SubBlockWorkModel.AttentionGroup(8, 2, 2, 4, true, 5, 1),
            SubBlockWorkModel.AttentionGroup(8, 2, 2, 4, true, 9, 1),
            SubBlockWorkModel.AttentionGroup(8, 2, 2, 4, true, 0, 3),
        };

        Assert.Equal(alone.Sum(w => w.Flops), batch.Flops);
        Assert.Equal(alone[0].WeightBytes, batch.WeightBytes);
        Assert.Equal(alone.Sum(w => w.KvCacheBytes), batch.KvCacheBytes);
        Assert.Equal(alone.Sum(w => w.ActivationBytes), batch.ActivationBytes);
        Assert.Equal(5, batch.Tokens);
        Assert.Throws<ArgumentException>(() => SubBlockWorkModel.AttentionBatch(8, 2, 2, 4, true, [5], [1, 1]));
    }

    [Fact]
    public void CausalPrefillCountsOnlyTheLowerTriangle()
    {
        var w = SubBlockWorkModel.AttentionGroup(dModel: 4, queryHeads: 1, kvHeads: 1, headDim: 4, biased: false, cachedTokens: 0, tokens: 3);

        // Tokens attend to 1, 2, 3 keys: 6 (query, key) pairs.
        const long projections = 2 * 3 * 4 * 12 + 2 * 3 * 4 * 4;
        Assert.Equal(projections + 2 * 2 * 1 * 4 * 6, w.Flops);
    }

    [Fact]
    public void GroupedQueryHeadsShareTheirKvHeadsCache()
    {
        var mha = SubBlockWorkModel.AttentionGroup(16, 4, 4, 4, false, 10, 1);
        var gqa = SubBlockWorkModel.AttentionGroup(16, 4, 1, 4, false, 10, 1);

        Assert.Equal(mha.KvCacheBytes / 4, gqa.KvCacheBytes);
        Assert.True(gqa.WeightBytes < mha.WeightBytes);
    }

    [Fact]
    public void FfnSliceIsItsUpPartPlusItsDownPart()
    {
        var up = SubBlockWorkModel.FfnUp(dModel: 8, width: 16, gated: false, biased: true, tokens: 2);
        var down = SubBlockWorkModel.FfnDown(dModel: 8, width: 16, tokens: 2);
        var slice = SubBlockWorkModel.FfnSlice(8, 16, gated: false, biased: true, tokens: 2);

        Assert.Equal(2 * 2 * 8 * 16 + 2 * 16, up.Flops);
        Assert.Equal((8 * 16 + 16) * 4, up.WeightBytes);
        Assert.Equal(2 * 2 * 16 * 8 + 2 * 8, down.Flops);
        Assert.Equal(16 * 8 * 4, down.WeightBytes);
        Assert.Equal(up.Flops + down.Flops, slice.Flops);
        Assert.Equal(up.WeightBytes + down.WeightBytes, slice.WeightBytes);
    }

    [Fact]
    public void GatedFfnUpReadsAGateAndAnUpColumnPerUnit()
    {
        var plain = SubBlockWorkModel.FfnUp(8, 16, gated: false, biased: false, tokens: 1);
        var gated = SubBlockWorkModel.FfnUp(8, 16, gated: true, biased: false, tokens: 1);

        Assert.Equal(2 * plain.WeightBytes, gated.WeightBytes);
        Assert.Equal(2 * plain.Flops + 16, gated.Flops); // + the gate product
    }

    [Fact]
    public void LmHeadIsDominatedByTheVocabularyProjection()
    {
        var w = SubBlockWorkModel.LmHead(dModel: 768, vocab: 50257, normBiased: true, tokens: 1);

        Assert.Equal(2L * 768 * 50257 + SubBlockWorkModel.NormFlopsPerElement * 768, w.Flops);
        Assert.Equal((50257L * 768 + 2 * 768) * 4, w.WeightBytes);
        Assert.InRange(w.ArithmeticIntensity, 0.4, 0.6); // a decode step is memory-bound
    }

    [Fact]
    public void EmbeddingAndGlueMoveOnlyRowsAndVectors()
    {
        var gpt2 = SubBlockWorkModel.Embedding(dModel: 8, learnedPositions: true, cachedTokens: 3, tokens: 2);
        var llama = SubBlockWorkModel.Embedding(dModel: 8, learnedPositions: false, cachedTokens: 3, tokens: 2);
        var glue = SubBlockWorkModel.LayerGlue(dModel: 8, normBiased: true, sumBiased: true, tokens: 2);

        Assert.Equal(2 * llama.WeightBytes, gpt2.WeightBytes);
        Assert.Equal(0, llama.Flops);
        Assert.Equal(2 * SubBlockWorkModel.NormFlopsPerElement * 16 + 2 * 16, glue.Flops);
        Assert.Equal((2 * 16 + 2 * 8) * 4, glue.WeightBytes);
    }
}
