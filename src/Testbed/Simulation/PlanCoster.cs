using Splitwise.Contracts;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Costs whole plans: picks the residual route (the live fabric's in <see cref="RouteMode.Fabric"/>, the cheapest for the
/// representative request in <see cref="RouteMode.Best"/>, found by a two-state Viterbi over the stages), then the
/// prefill of a prompt and a decode step at a given context along that route.
/// </summary>
public sealed class PlanCoster(ExecutionModel model, RouteMode mode, RequestShape representative)
{
    /// <summary>A token id on the wire in a cloud session.</summary>
    public const int TokenIdBytes = 4;

    public ExecutionModel Model => model;

    public RouteMode Mode => mode;

    public RequestShape Representative => representative;

    /// <summary>Service seconds of the representative request along the best route (the objective every planner minimises).</summary>
    public (Route Route, double Seconds) Choose(PlanLayout layout, LinkState link)
    {
        if (mode == RouteMode.Fabric)
            return (Route.Fabric(layout), Objective(layout, Route.Fabric(layout), link));
        var best = Viterbi(layout, link);
        if (layout.AllCloud)
        {
            var session = Objective(layout, Route.Session, link);
            if (session <= best.Seconds)
                return (Route.Session, session);
        }

        return best;
    }

    public double Objective(PlanLayout layout, Route route, LinkState link) =>
        Prefill(layout, route, representative.PromptTokens, link).Seconds
        + representative.DecodeSteps * Decode(layout, route, representative.MeanDecodeContext, link).Seconds;

    public StageCost Prefill(PlanLayout layout, Route route, int promptTokens, LinkState link) =>
        Pass(layout, route, model.Times(promptTokens, 0), link);

    public StageCost Decode(PlanLayout layout, Route route, int context, LinkState link) =>
        Pass(layout, route, model.Times(1, context), link);

    /// <summary>One forward pass (prefill or one decode step) along a route.</summary>
    public StageCost Pass(PlanLayout layout, Route route, UnitTimes u, LinkState link)
    {
        var cache = CacheFor(link);
        if (route.CloudSession)
        {
            var session = ExecutionModel.Cross(TokenIdBytes * (long)u.Tokens, Tier.Edge, link) + model.Ends(Tier.Cloud, u)
                          + ExecutionModel.Cross(TokenIdBytes, Tier.Cloud, link);
            foreach (var s in layout.Stages)
                session += cache.Stage(s, Tier.Cloud, u);
            return session;
        }

        var cost = model.Ends(Tier.Edge, u);
        var at = Tier.Edge;
        Span<StageCost> last = stackalloc StageCost[2];
        var stages = layout.Span;
        for (var i = 0; i < stages.Length; i++)
        {
            if (route.Residual[i] != at)
                cost += model.Move(at, u, link);
            at = route.Residual[i];
            // Layers repeat: a stage laid out like the same-kind stage before it, on the same tier, costs the same.
            var same = i >= 2 && route.Residual[i - 2] == at && stages[i - 2] == stages[i];
            last[i % 2] = same ? last[i % 2] : cache.Stage(stages[i], at, u);
            cost += last[i % 2];
        }

        return at == Tier.Edge ? cost : cost + model.Move(at, u, link);
    }

    private StageCache? _cache;
    private LinkState _cacheLink;

    /// <summary>One cache per link state: consecutive calls for the same link (a policy comparing plans) share it.</summary>
    private StageCache CacheFor(LinkState link)
    {
        if (_cache is null || _cacheLink != link)
            (_cache, _cacheLink) = (new StageCache(model, link), link);
        return _cache;
    }

    private (Route Route, double Seconds) Viterbi(PlanLayout layout, LinkState link)
    {
        var stages = layout.Span;
        var prefill = model.Times(representative.PromptTokens, 0);
        var decode = model.Times(1, representative.MeanDecodeContext);
        var cache = CacheFor(link);
        var steps = representative.DecodeSteps;
        double Weighted(StageCost p, StageCost d) => p.Seconds + steps * d.Seconds;
        var move = new[]
        {
            Weighted(model.Move(Tier.Edge, prefill, link), model.Move(Tier.Edge, decode, link)),
            Weighted(model.Move(Tier.Cloud, prefill, link), model.Move(Tier.Cloud, decode, link)),
        };
        var value = new[] { 0.0, double.PositiveInfinity }; // the residual starts in the edge session
        var from = new int[stages.Length, 2];
        var weighted = new double[2, 2]; // [kind, tier] of the last stage of each kind
        for (var i = 0; i < stages.Length; i++)
        {
            var next = new double[2];
            for (var t = 0; t < 2; t++)
            {
                var stay = value[t];
                var moved = value[1 - t] + move[1 - t];
                from[i, t] = stay <= moved ? t : 1 - t;
                var tier = (Tier)t;
                if (i < 2 || stages[i - 2] != stages[i])
                    weighted[i % 2, t] = Weighted(cache.Stage(stages[i], tier, prefill), cache.Stage(stages[i], tier, decode));
                next[t] = Math.Min(stay, moved) + weighted[i % 2, t];
            }

            value = next;
        }

        var end = value[0] <= value[1] + move[1] ? 0 : 1;
        var total = Math.Min(value[0], value[1] + move[1]);
        var residual = new Tier[stages.Length];
        for (var i = stages.Length - 1; i >= 0; i--)
        {
            residual[i] = (Tier)end;
            end = from[i, end];
        }

        return (new Route(false, residual), total + Weighted(model.Ends(Tier.Edge, prefill), model.Ends(Tier.Edge, decode)));
    }
}
