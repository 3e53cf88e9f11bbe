namespace Splitwise.Testbed.Cost;

/// <summary>
/// Counts the work of each sub-block kind from its dimensions alone (no tensors), the way the
/// in-process kernels compute it: fp32, x @ W layout, causal attention over the cache.
/// </summary>
public static class SubBlockWorkModel
{
    private const int Fp32 = sizeof(float);

    /// <summary>Approximate FLOPs per element of a LayerNorm/RMSNorm (mean, variance, scale, shift).</summary>
    public const int NormFlopsPerElement = 8;

    /// <summary>
    /// Fused q|k|v projection, causal attention of the new tokens over cache + themselves, and the
    /// group's rows of the output projection (its output bias is shared, counted in the layer glue).
    /// </summary>
    public static SubBlockWork AttentionGroup(int dModel, int queryHeads, int kvHeads, int headDim, bool biased, int cachedTokens, int tokens)
    {
        long t = tokens, d = dModel, hd = headDim;
        var qkvWidth = (queryHeads + 2L * kvHeads) * hd;
        var qWidth = queryHeads * hd;
        // Token i (0-based) attends to cachedTokens + i + 1 positions.
        var attendedPairs = t * cachedTokens + t * (t + 1) / 2;
        var flops = 2 * t * d * qkvWidth + (biased ? t * qkvWidth : 0)
                    + 2 * 2 * queryHeads * hd * attendedPairs // q k^T, then p v
                    + 2 * t * qWidth * d;
        var weights = (d * qkvWidth + (biased ? qkvWidth : 0) + qWidth * d) * Fp32;
        var kv = 2L * kvHeads * hd * (t + cachedTokens + t) * Fp32; // write the new, read all
        return new SubBlockWork("attention_group", dModel, queryHeads, kvHeads, headDim, 0, cachedTokens, tokens,
            flops, weights, kv, 2 * t * d * Fp32);
    }

    /// <summary>
    /// A batch of sessions' steps through one head group as one call: the q|k|v and output projections over every
    /// row with the weights read once, the attention core per session over its own cache
    /// (<paramref name="cachedTokens"/>[i] positions, <paramref name="tokens"/>[i] new rows).
    /// </summary>
    public static SubBlockWork AttentionBatch(int dModel, int queryHeads, int kvHeads, int headDim, bool biased, IReadOnlyList<int> cachedTokens, IReadOnlyList<int> tokens)
    {
        if (cachedTokens.Count == 0 || cachedTokens.Count != tokens.Count)
            throw new ArgumentException($"{cachedTokens.Count} cache lengths for {tokens.Count} sessions: a batch needs one of each per session");
        long flops = 0, kv = 0, activations = 0;
        var rows = 0;
        SubBlockWork? one = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            one = AttentionGroup(dModel, queryHeads, kvHeads, headDim, biased, cachedTokens[i], tokens[i]);
            flops += one.Flops;
            kv += one.KvCacheBytes;
            activations += one.ActivationBytes;
            rows += tokens[i];
        }

        return new SubBlockWork("attention_group", dModel, queryHeads, kvHeads, headDim, 0, cachedTokens.Max(), rows,
            flops, one!.WeightBytes, kv, activations);
    }

    /// <summary>x [T, d] -> act(x W1 + b1) [T, c]; a gated FFN (SwiGLU) has a gate and an up column per unit.</summary>
    public static SubBlockWork FfnUp(int dModel, int width, bool gated, bool biased, int tokens)
    {
        long t = tokens, d = dModel, c = width;
        var columns = gated ? 2 * c : c;
        var flops = 2 * t * d * columns + (biased ? t * columns : 0) + (gated ? t * c : 0);
        var weights = (d * columns + (biased ? columns : 0)) * Fp32;
        return new SubBlockWork("ffn_up", dModel, 0, 0, 0, width, 0, tokens, flops, weights, 0, (t * d + t * c) * Fp32);
    }

    /// <summary>
    /// x [1, k] @ W [k, n]: one token through a weight matrix, the machine's weight stream at a given size (the memory
    /// sweep of <c>bench kernels</c>, independent of any model shape).
    /// </summary>
    public static SubBlockWork WeightStream(int rows, int columns)
    {
        long k = rows, n = columns;
        return new SubBlockWork("weight_stream", rows, 0, 0, 0, columns, 0, 1, 2 * k * n, k * n * Fp32, 0, (k + n) * Fp32);
    }

    /// <summary>h [T, c] @ W2 rows [c, d] accumulated into the layer's sum (bias b2 is in the glue).</summary>
    public static SubBlockWork FfnDown(int dModel, int width, int tokens)
    {
        long t = tokens, d = dModel, c = width;
        return new SubBlockWork("ffn_down", dModel, 0, 0, 0, width, 0, tokens,
            2 * t * c * d + t * d, c * d * Fp32, 0, (t * c + 2 * t * d) * Fp32);
    }

    /// <summary>One whole FFN slice: its up part, then its down part; the intermediate never leaves.</summary>
    public static SubBlockWork FfnSlice(int dModel, int width, bool gated, bool biased, int tokens)
    {
        var up = FfnUp(dModel, width, gated, biased, tokens);
        var down = FfnDown(dModel, width, tokens);
        long t = tokens, d = dModel;
        return new SubBlockWork("ffn_slice", dModel, 0, 0, 0, width, 0, tokens,
            up.Flops + down.Flops, up.WeightBytes + down.WeightBytes, 0, 3 * t * d * Fp32);
    }

    /// <summary>Token rows of the embedding table, plus learned position rows when the family has them.</summary>
    public static SubBlockWork Embedding(int dModel, bool learnedPositions, int cachedTokens, int tokens)
    {
        long t = tokens, d = dModel;
        var tables = learnedPositions ? 2 : 1;
        return new SubBlockWork("embedding", dModel, 0, 0, 0, 0, cachedTokens, tokens,
            learnedPositions ? t * d : 0, tables * t * d * Fp32, 0, (t + t * d) * Fp32);
    }

    /// <summary>
    /// What a layer's stage owner does outside its sub-blocks: two norms and two sums started from
    /// residual + shared bias.
    /// </summary>
    public static SubBlockWork LayerGlue(int dModel, bool normBiased, bool sumBiased, int tokens)
    {
        long t = tokens, d = dModel;
        var flops = 2 * NormFlopsPerElement * t * d + (sumBiased ? 2 * t * d : 0);
        var weights = 2 * (normBiased ? 2 * d : d) * Fp32 + (sumBiased ? 2 * d * Fp32 : 0);
        return new SubBlockWork("layer_glue", dModel, 0, 0, 0, 0, 0, tokens, flops, weights, 0, 6 * t * d * Fp32);
    }

    /// <summary>Final norm, then logits = h @ W_lm^T over the whole vocabulary.</summary>
    public static SubBlockWork LmHead(int dModel, int vocab, bool normBiased, int tokens)
    {
        long t = tokens, d = dModel, v = vocab;
        return new SubBlockWork("lm_head", dModel, 0, 0, 0, vocab, 0, tokens,
            2 * t * d * v + NormFlopsPerElement * t * d, (v * d + (normBiased ? 2 * d : d)) * Fp32, 0, (t * d + t * v) * Fp32);
    }
}
