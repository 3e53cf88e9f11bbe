using Splitwise.Contracts;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;

namespace Splitwise.Testbed.Simulation;

/// <summary>Fills <see cref="UnitTimes"/> from the work counts of <see cref="SubBlockWorkModel"/> and each tier's cost model.</summary>
internal static class UnitWork
{
    public static UnitTimes Compute(ExecutionModel m, int sliceWidth, int tokens, int cached)
    {
        var s = m.Shape;
        var biased = s.Ffn == FfnKind.GeluMlp;
        var gated = s.Ffn == FfnKind.SwiGlu;
        var normBiased = s.Norm == NormKind.LayerNorm;
        var kv = m.Spec.KvHeadsPerGroup;
        var attention = SubBlockWorkModel.AttentionGroup(s.DModel, kv * s.QueriesPerKvHead, kv, s.HeadDim, biased, cached, tokens);
        var slice = SubBlockWorkModel.FfnSlice(s.DModel, sliceWidth, gated, biased, tokens);
        var up = SubBlockWorkModel.FfnUp(s.DModel, sliceWidth, gated, biased, tokens);
        var down = SubBlockWorkModel.FfnDown(s.DModel, sliceWidth, tokens);
        var glue = SubBlockWorkModel.LayerGlue(s.DModel, normBiased, biased, tokens);
        var embedding = SubBlockWorkModel.Embedding(s.DModel, s.LearnedPositions, cached, tokens);
        // Only the last position's logits are needed to sample the next token, in prefill as in decode.
        var head = SubBlockWorkModel.LmHead(s.DModel, s.VocabSize, normBiased, 1);
        var u = new UnitTimes(tokens, cached) { ResidualBytes = m.Codec.Bytes(tokens, s.DModel) };
        foreach (var tier in new[] { Tier.Edge, Tier.Cloud })
        {
            var cost = tier == Tier.Edge ? m.Edge : m.Cloud;
            var i = (int)tier;
            u.Attention[i] = cost.Seconds(attention);
            u.Slice[i] = cost.Seconds(slice);
            u.Up[i] = cost.Seconds(up);
            u.Down[i] = cost.Seconds(down);
            u.Glue[i] = cost.Seconds(glue) / 2;
            u.Ends[i] = cost.Seconds(embedding) + cost.Seconds(head);
        }

        return u;
    }
}
