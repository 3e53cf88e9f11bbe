using Splitwise.Contracts;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The optimal plan for one link state: dynamic programming over the stages (two per layer) with state = the tier
/// holding the residual stream; in each stage every count of head groups / FFN parts on the edge is tried, whole FFN
/// slices in one pass and split W1/W2 pairs in another, and the cloud session is compared last. The objective is
/// the representative request's service time (<see cref="PlanCoster.Objective"/>), which is a sum over stages, so
/// the DP is exact. When the best plan does not fit the edge's memory, the DP runs again with the edge bytes used as
/// a second state, counted in <see cref="MemoryBuckets"/> buckets of the budget (each choice rounded up: the answer
/// always fits and is optimal up to that rounding). In <see cref="RouteMode.Fabric"/> the residual never leaves the edge.
/// </summary>
public sealed class OracleSolver(PlanCoster coster, EdgeMemoryModel memory, int memoryBuckets = 32)
{
    public int MemoryBuckets => memoryBuckets;

    public (PlanLayout Layout, Route Route, double Seconds) Solve(LinkState link)
    {
        var m = coster.Model;
        var best = Best(link, split: false, buckets: 0);
        var splitBest = Best(link, split: true, buckets: 0);
        if (splitBest.Seconds < best.Seconds)
            best = splitBest;
        if (best.Layout is not null && !memory.Check(best.Layout).Fits)
        {
            best = Best(link, split: false, memoryBuckets);
            splitBest = Best(link, split: true, memoryBuckets);
            if (splitBest.Seconds < best.Seconds)
                best = splitBest;
        }

        var allCloud = AllCloud(m);
        var session = coster.Choose(allCloud, link);
        if (best.Layout is null || session.Seconds <= best.Seconds)
            return (allCloud, session.Route, session.Seconds);
        return (best.Layout, best.Route!, best.Seconds);
    }

    public static PlanLayout AllCloud(ExecutionModel m) => new(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
    {
        StageLayout.Whole(StageKind.Attention, 0, m.HeadGroups), StageLayout.Whole(StageKind.Ffn, 0, m.FfnSlices),
    }));

    private (PlanLayout? Layout, Route? Route, double Seconds) Best(LinkState link, bool split, int buckets)
    {
        var m = coster.Model;
        var rep = coster.Representative;
        var prefill = m.Times(rep.PromptTokens, 0);
        var decode = m.Times(1, rep.MeanDecodeContext);
        double Weighted(StageCost p, StageCost d) => p.Seconds + rep.DecodeSteps * d.Seconds;
        var kinds = new[] { StageChoices.Attention(m.HeadGroups), StageChoices.Ffn(m.FfnSlices, split) };
        var unit = buckets == 0 ? 0 : Math.Max(1, memory.BudgetBytes) / (double)buckets;
        if (buckets > 0 && memory.BudgetBytes < 0)
            return (null, null, double.PositiveInfinity);
        // Per kind, per residual tier, per choice: seconds and buckets (identical for every layer).
        var cost = kinds.Select(choices => new[] { Tier.Edge, Tier.Cloud }.Select(t => choices
            .Select(c => Weighted(m.Stage(c, t, prefill, link), m.Stage(c, t, decode, link))).ToArray()).ToArray()).ToArray();
        var size = kinds.Select(choices => choices.Select(c => buckets == 0 ? 0 : (int)Math.Ceiling(memory.Bytes(c) / unit - 1e-9)).ToArray()).ToArray();
        var move = new[] { Weighted(m.Move(Tier.Edge, prefill, link), m.Move(Tier.Edge, decode, link)),
                           Weighted(m.Move(Tier.Cloud, prefill, link), m.Move(Tier.Cloud, decode, link)) };
        // Without the memory dimension every layer makes the same choice per tier: only that one needs trying.
        var only = cost.Select(perTier => perTier.Select(c => Array.IndexOf(c, c.Min())).ToArray()).ToArray();
        var stages = 2 * m.Shape.NLayer;
        var tiers = coster.Mode == RouteMode.Fabric ? 1 : 2; // the fabric keeps the residual on the edge
        var value = Filled(buckets, double.PositiveInfinity);
        value[0, 0] = 0;
        var back = new (int Tier, int Bucket, int Choice)[stages, 2, buckets + 1];
        for (var i = 0; i < stages; i++)
        {
            var kind = i % 2;
            var next = Filled(buckets, double.PositiveInfinity);
            for (var prev = 0; prev < 2; prev++)
            for (var b = 0; b <= buckets; b++)
            {
                if (double.IsPositiveInfinity(value[prev, b]))
                    continue;
                for (var t = 0; t < tiers; t++)
                {
                    var start = value[prev, b] + (prev == t ? 0 : move[prev]);
                    for (var c = buckets == 0 ? only[kind][t] : 0; c < (buckets == 0 ? only[kind][t] + 1 : kinds[kind].Count); c++)
                    {
                        var nb = b + size[kind][c];
                        if (nb > buckets)
                            continue;
                        var v = start + cost[kind][t][c];
                        if (v < next[t, nb])
                            (next[t, nb], back[i, t, nb]) = (v, (prev, b, c));
                    }
                }
            }

            value = next;
        }

        var (endTier, endBucket, total) = (0, 0, double.PositiveInfinity);
        for (var t = 0; t < 2; t++)
        for (var b = 0; b <= buckets; b++)
        {
            var v = value[t, b] + (t == 0 ? 0 : move[1]);
            if (v < total)
                (endTier, endBucket, total) = (t, b, v);
        }

        if (double.IsPositiveInfinity(total))
            return (null, null, total);
        var layout = new StageLayout[stages];
        var residual = new Tier[stages];
        for (var i = stages - 1; i >= 0; i--)
        {
            var (prev, b, c) = back[i, endTier, endBucket];
            (layout[i], residual[i]) = (kinds[i % 2][c], (Tier)endTier);
            (endTier, endBucket) = (prev, b);
        }

        return (new PlanLayout(layout), new Route(false, residual), total + Weighted(m.Ends(Tier.Edge, prefill), m.Ends(Tier.Edge, decode)));
    }

    private static double[,] Filled(int buckets, double v)
    {
        var a = new double[2, buckets + 1];
        for (var t = 0; t < 2; t++)
        for (var b = 0; b <= buckets; b++)
            a[t, b] = v;
        return a;
    }
}
