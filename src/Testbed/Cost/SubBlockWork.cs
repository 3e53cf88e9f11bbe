namespace Splitwise.Testbed.Cost;

/// <summary>
/// What one call of a sub-block (or of the glue around sub-blocks) does: its dimensions, its
/// floating-point work and the bytes it must move, stored next to its measured time so that a cost
/// model can fit a roofline, time = max(FLOPs / throughput, bytes / bandwidth) + per-call overhead.
/// </summary>
/// <param name="Kind">attention_group, ffn_slice, ffn_up, ffn_down, embedding, layer_glue, lm_head.</param>
/// <param name="QueryHeads">query heads in an attention group (0 otherwise).</param>
/// <param name="KvHeads">KV heads in an attention group (0 otherwise).</param>
/// <param name="Width">FFN slice width (hidden columns), vocabulary for the LM head (0 otherwise).</param>
/// <param name="CachedTokens">positions already in the KV cache before the call.</param>
/// <param name="Tokens">new tokens in the call (1 for a decode step).</param>
/// <param name="Flops">2 per multiply-add of every matrix product, 1 per element of a bias add or sum,
/// about 8 per element of a norm; activations, softmax and masks are not counted.</param>
/// <param name="WeightBytes">fp32 weights and biases read once per call.</param>
/// <param name="KvCacheBytes">keys and values written (the new tokens) and read (all positions).</param>
/// <param name="ActivationBytes">fp32 inputs read and outputs written.</param>
public sealed record SubBlockWork(
    string Kind,
    int DModel,
    int QueryHeads,
    int KvHeads,
    int HeadDim,
    int Width,
    int CachedTokens,
    int Tokens,
    long Flops,
    long WeightBytes,
    long KvCacheBytes,
    long ActivationBytes)
{
    /// <summary>Positions attended by the last new token (cache + new tokens).</summary>
    public int Keys => CachedTokens + Tokens;

    public long Bytes => WeightBytes + KvCacheBytes + ActivationBytes;

    /// <summary>FLOPs per byte moved: which side of the roofline ridge the call sits on.</summary>
    public double ArithmeticIntensity => Bytes == 0 ? 0 : (double)Flops / Bytes;
}
