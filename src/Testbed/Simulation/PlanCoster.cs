using Splitwise.Contracts;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Costs whole plans along the live fabric's residual route (<see cref="Route.Fabric"/>, the
/// <c>ExecutionSchedule</c>'s rule): the prefill of a prompt and a decode step at a given context.
/// </summary>
public sealed class PlanCoster(ExecutionModel model, RouteMode mode, RequestShape representative)
{
    public ExecutionModel Model => model;

    public RouteMode Mode => mode;

    public RequestShape Representative => representative;

    /// <summary>The fabric's route and the representative request's service seconds along it (the objective every planner minimises).</summary>
    public (Route Route, double Seconds) Choose(PlanLayout layout, LinkState link)
    {
        var route = Route.Fabric(layout);
        return (route, Objective(layout, route, link));
    }

    public double Objective(PlanLayout layout, Route route, LinkState link) =>
        Prefill(layout, route, representative.PromptTokens, link).Seconds
        + representative.DecodeSteps * Decode(layout, route, representative.MeanDecodeContext, link).Seconds;

    /// <summary>The representative request's whole cost (prefill and every decode step) on one link state.</summary>
    public StageCost Request(PlanLayout layout, LinkState link)
    {
        var route = Route.Fabric(layout);
        return Prefill(layout, route, representative.PromptTokens, link)
            + Decode(layout, route, representative.MeanDecodeContext, link).Scaled(representative.DecodeSteps);
    }

    public StageCost Prefill(PlanLayout layout, Route route, int promptTokens, LinkState link) =>
        Pass(layout, route, model.Times(promptTokens, 0), link);

    public StageCost Decode(PlanLayout layout, Route route, int context, LinkState link) =>
        Pass(layout, route, model.Times(1, context), link);

    /// <summary>One forward pass (prefill or one decode step) along a route.</summary>
    public StageCost Pass(PlanLayout layout, Route route, UnitTimes u, LinkState link)
    {
        var cache = CacheFor(link);
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
}
