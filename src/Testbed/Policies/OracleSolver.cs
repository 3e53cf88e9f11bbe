using Splitwise.Contracts;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The optimal plan for one link state: dynamic programming over the stages (two per layer) with state = the tier
/// holding the residual stream; in each stage every count of head groups / FFN parts on the edge is tried, whole FFN
/// slices in one pass and split W1/W2 pairs in another. The objective is
/// the representative request's service time (<see cref="PlanCoster.Objective"/>), which is a sum over stages, so
/// the DP is exact. When the best plan does not fit the edge's memory, the DP runs again with the edge bytes used as
/// a second state, counted in <see cref="MemoryBuckets"/> buckets of the budget (each choice rounded up: the answer
/// always fits and is optimal up to that rounding). The residual tier is not a choice: it is the fabric's, in the cloud
/// exactly for stages wholly there (<see cref="Route.Fabric"/>); the DP state carries it to charge its moves.
/// </summary>
public sealed class OracleSolver(PlanCoster coster, EdgeMemoryModel memory, int memoryBuckets = 32)
{
    private readonly PlanLayout _allCloud = AllCloud(coster.Model);
    private readonly PlanLayout _allEdge = AllEdge(coster.Model);

    public int MemoryBuckets => memoryBuckets;

    public (PlanLayout Layout, Route Route, double Seconds) Solve(LinkState link) => Solve([link], 0);

    /// <summary>
    /// The optimal plan for a request that lives through <paramref name="window"/> (the true link of each coming epoch):
    /// stages are costed on the window's mean rate and RTT over the epochs the link is up, and a plan that crosses the link is charged the outage
    /// epochs as a stall (<paramref name="epochSeconds"/> each); the all-edge plan with the residual on the edge, which
    /// never waits, is compared apart.
    /// A window of one epoch is the plain clairvoyant optimum for that epoch.
    /// </summary>
    public (PlanLayout Layout, Route Route, double Seconds) Solve(IReadOnlyList<LinkState> window, double epochSeconds)
    {
        if (window.Count == 0)
            throw new ArgumentException("an empty link window");
        var m = coster.Model;
        var ups = window.Where(l => l.Up && l.UplinkMbps > 0 && l.DownlinkMbps > 0).ToArray();
        // Bytes flow at each second's rate (FluidTransfer), so a window carries its mean rate: costing every epoch
        // apart and averaging would let one 2 kbit/s second outweigh a minute at 20 Mbit/s.
        LinkState[] links = ups.Length > 1
            ? [new LinkState(ups.Average(l => l.UplinkMbps), ups.Average(l => l.DownlinkMbps), ups.Average(l => l.RttMs))]
            : ups.Length > 0 ? ups : [window[0]];
        var stall = ups.Length > 0 ? (window.Count - ups.Length) * epochSeconds : 0;
        var best = Best(links, split: false, buckets: 0);
        var splitBest = Best(links, split: true, buckets: 0);
        if (splitBest.Seconds < best.Seconds)
            best = splitBest;
        if (best.Layout is not null && !memory.Check(best.Layout).Fits)
        {
            best = Best(links, split: false, memoryBuckets);
            splitBest = Best(links, split: true, memoryBuckets);
            if (splitBest.Seconds < best.Seconds)
                best = splitBest;
        }

        if (best.Layout is not null && !(best.Layout.AllEdge && best.Route!.Residual.All(t => t == Tier.Edge)))
            best.Seconds += stall;
        var choice = best.Layout is null
            ? (_allCloud, Route.Fabric(_allCloud), links.Average(l => FixedPlan(l, edge: false)) + stall)
            : (best.Layout, best.Route!, best.Seconds);
        if (stall > 0 && _allEdge is var edge && memory.Check(edge).Fits)
        {
            // Everything on the edge, residual included: the one plan that never touches the link.
            var edgeSeconds = window.Average(l => FixedPlan(l, edge: true));
            if (edgeSeconds < choice.Item3)
                return (edge, Route.OnEdge(edge.Stages.Count), edgeSeconds);
        }

        return choice;
    }

    public static PlanLayout AllEdge(ExecutionModel m) => new(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
    {
        StageLayout.Whole(StageKind.Attention, m.HeadGroups, 0), StageLayout.Whole(StageKind.Ffn, m.FfnSlices, 0),
    }));

    public static PlanLayout AllCloud(ExecutionModel m) => new(Enumerable.Range(0, m.Shape.NLayer).SelectMany(_ => new[]
    {
        StageLayout.Whole(StageKind.Attention, 0, m.HeadGroups), StageLayout.Whole(StageKind.Ffn, 0, m.FfnSlices),
    }));

    private (PlanLayout? Layout, Route? Route, double Seconds) Best(IReadOnlyList<LinkState> links, bool split, int buckets)
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
        // Per kind, per residual tier, per choice: seconds (mean over the links) and buckets (identical for every layer).
        var perLink = links.Select(link => Costs(link, split, kinds)).ToArray();
        var cost = kinds.Select((choices, k) => Enumerable.Range(0, 2).Select(t => Enumerable.Range(0, choices.Count)
            .Select(c => perLink.Average(l => l.Cost[k][t][c])).ToArray()).ToArray()).ToArray();
        var size = kinds.Select(choices => choices.Select(c => buckets == 0 ? 0 : (int)Math.Ceiling(memory.Bytes(c) / unit - 1e-9)).ToArray()).ToArray();
        var move = new[] { perLink.Average(l => l.Move[0]), perLink.Average(l => l.Move[1]) };
        // In the fabric's route the residual is in the cloud exactly for stages wholly there.
        bool Allowed(int kind, int tier, int c) => (int)Route.FabricTier(kinds[kind][c]) == tier;
        // Without the memory dimension every layer makes the same choice per tier: only that one needs trying.
        var only = cost.Select((perTier, kind) => perTier.Select((c, t) => Cheapest(c, i => Allowed(kind, t, i))).ToArray()).ToArray();
        var stages = 2 * m.Shape.NLayer;
        const int tiers = 2;
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
                        if (c < 0 || !Allowed(kind, t, c))
                            continue;
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

        return (new PlanLayout(layout), new Route(residual), total + Weighted(m.Ends(Tier.Edge, prefill), m.Ends(Tier.Edge, decode)));
    }

    /// <summary>The index of the smallest allowed cost, or -1 when none is allowed.</summary>
    private static int Cheapest(double[] costs, Func<int, bool> allowed)
    {
        var best = -1;
        for (var i = 0; i < costs.Length; i++)
        {
            if (allowed(i) && (best < 0 || costs[i] < costs[best]))
                best = i;
        }

        return best;
    }

    private readonly Dictionary<(LinkState, bool), (double[][][] Cost, double[] Move)> _costs = [];
    private readonly Dictionary<(LinkState, bool), double> _fixedPlans = [];

    /// <summary>Seconds of every stage choice on each tier, and of a residual move, for one link (kept: windows overlap).</summary>
    private (double[][][] Cost, double[] Move) Costs(LinkState link, bool split, IReadOnlyList<StageLayout>[] kinds)
    {
        if (_costs.TryGetValue((link, split), out var known))
            return known;
        if (_costs.Count > 50_000)
            _costs.Clear();
        var m = coster.Model;
        var rep = coster.Representative;
        var prefill = m.Times(rep.PromptTokens, 0);
        var decode = m.Times(1, rep.MeanDecodeContext);
        double Weighted(StageCost p, StageCost d) => p.Seconds + rep.DecodeSteps * d.Seconds;
        var cost = kinds.Select(choices => new[] { Tier.Edge, Tier.Cloud }.Select(t => choices
            .Select(c => Weighted(m.Stage(c, t, prefill, link), m.Stage(c, t, decode, link))).ToArray()).ToArray()).ToArray();
        var move = new[] { Weighted(m.Move(Tier.Edge, prefill, link), m.Move(Tier.Edge, decode, link)),
                           Weighted(m.Move(Tier.Cloud, prefill, link), m.Move(Tier.Cloud, decode, link)) };
        _costs[(link, split)] = (cost, move);
        return (cost, move);
    }

    /// <summary>Seconds of the all-cloud plan (<paramref name="edge"/> false) or of the all-edge plan with the residual on the edge, on one link, kept.</summary>
    private double FixedPlan(LinkState link, bool edge)
    {
        if (_fixedPlans.TryGetValue((link, edge), out var known))
            return known;
        if (_fixedPlans.Count > 50_000)
            _fixedPlans.Clear();
        var seconds = edge
            ? coster.Objective(_allEdge, Route.OnEdge(_allEdge.Stages.Count), link)
            : coster.Choose(_allCloud, link).Seconds;
        _fixedPlans[(link, edge)] = seconds;
        return seconds;
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
