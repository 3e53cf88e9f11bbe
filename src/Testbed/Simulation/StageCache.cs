using Splitwise.Contracts;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Stage costs already computed within one pass over a plan: a plan has only a few distinct stage layouts (a cut has
/// two per kind), so a short list searched linearly saves most of the work without hashing.
/// </summary>
internal sealed class StageCache(ExecutionModel model, LinkState link)
{
    private readonly List<(StageLayout Layout, Tier Tier, UnitTimes Times, StageCost Cost)> _entries = new(16);

    public StageCost Stage(StageLayout layout, Tier tier, UnitTimes u)
    {
        foreach (var e in _entries)
        {
            if (e.Tier == tier && ReferenceEquals(e.Times, u) && e.Layout == layout)
                return e.Cost;
        }

        var cost = model.Stage(layout, tier, u, link);
        if (_entries.Count < 64)
            _entries.Add((layout, tier, u, cost));
        return cost;
    }
}
