using TorchSharp;
using static TorchSharp.torch;

namespace Splitwise.Inference.Models;

/// <summary>Scaled dot-product attention of new queries over all keys so far, causally masked.</summary>
public static class CausalAttention
{
    /// <param name="q">[..., heads, Tq, hd], the queries of positions queryStart .. queryStart+Tq-1.</param>
    /// <param name="k">[..., kvHeads, Tk, hd], keys of positions 0 .. Tk-1 (Tk = queryStart + Tq).</param>
    /// <param name="v">as k.</param>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, int queryStart)
    {
        // size(d) is one native call; .shape marshals every dimension into a fresh array.
        var queriesPerKv = q.size(-3) / k.size(-3);
        if (queriesPerKv > 1)
        {
            k = RepeatKv(k, queriesPerKv);
            v = RepeatKv(v, queriesPerKv);
        }

        var tq = q.size(-2);
        if (tq == 1)
            return Decode(q, k, v);
        if (queryStart == 0)
            return nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);

        // Queries that continue a cached prefix: bottom-right aligned mask.
        var tk = k.size(-2);
        using var mask = ones(tq, tk, ScalarType.Bool).tril(queryStart);
        return nn.functional.scaled_dot_product_attention(q, k, v, mask);
    }

    /// <summary>
    /// One new query per head attends to every key: no mask. libtorch's fused CPU kernel has a fixed
    /// cost that dwarfs this little work (measured ~2x slower at 3-12 heads, 128 keys), so the decode
    /// step spells out softmax(q k^T / sqrt(hd)) v; batched heads go through bmm when there is no
    /// leading batch dimension.
    /// </summary>
    private static Tensor Decode(Tensor q, Tensor k, Tensor v)
    {
        var scale = Scalars.Of(1.0 / Math.Sqrt(q.size(-1)));
        if (q.dim() == 3)
            return q.bmm(k.transpose(1, 2)).mul_(scale).softmax(-1).bmm(v);
        return q.matmul(k.transpose(-2, -1)).mul_(scale).softmax(-1).matmul(v);
    }

    /// <summary>
    /// One decode query per session against keys padded to a common length: q [B, heads, 1, hd],
    /// k and v [B, kvHeads, L, hd] where session b's keys are its first lengths[b] positions and the
    /// rest is masked out (<paramref name="padding"/> [B, 1, 1, L], true past a session's keys). The same
    /// arithmetic as the one-session decode step, on a batch.
    /// </summary>
    public static Tensor DecodePadded(Tensor q, Tensor k, Tensor v, Tensor padding)
    {
        var queriesPerKv = q.size(-3) / k.size(-3);
        if (queriesPerKv > 1)
        {
            k = RepeatKv(k, queriesPerKv);
            v = RepeatKv(v, queriesPerKv);
        }

        var scores = q.matmul(k.transpose(-2, -1)).mul_(Scalars.Of(1.0 / Math.Sqrt(q.size(-1))));
        return scores.masked_fill_(padding, Scalars.NegativeInfinity).softmax(-1).matmul(v);
    }

    /// <summary>KV head j serves query heads j*r .. j*r+r-1 (the grouped-query convention).</summary>
    private static Tensor RepeatKv(Tensor x, long r)
    {
        var s = x.shape;
        var lead = s[..^3];
        long[] expanded = [.. lead, s[^3], r, s[^2], s[^1]];
        long[] merged = [.. lead, s[^3] * r, s[^2], s[^1]];
        return x.unsqueeze(-3).expand(expanded).reshape(merged);
    }
}
