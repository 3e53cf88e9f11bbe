namespace Splitwise.Testbed.Simulation;

/// <summary>
/// A plan's decode step on one epoch's link as a line in the context: its route and its cost at context 0 and at
/// <paramref name="referenceContext"/> (the chord <see cref="RequestExecutor"/> and the environment interpolate on).
/// Costed once per (layout, epoch), forgotten wholesale past <paramref name="capacity"/> entries.
/// </summary>
public sealed class DecodeLines(PlanCoster coster, LinkTimeline timeline, int referenceContext, int capacity = 200_000)
{
    private readonly Dictionary<(PlanLayout, long), (Route Route, StageCost At0, StageCost AtRef)> _lines = [];

    public int ReferenceContext => referenceContext;

    public (Route Route, StageCost At0, StageCost AtRef) Get(PlanLayout layout, long epoch)
    {
        if (_lines.TryGetValue((layout, epoch), out var line))
            return line;
        if (_lines.Count > capacity)
            _lines.Clear();
        var link = timeline[epoch];
        var route = coster.Choose(layout, link).Route;
        line = (route, coster.Decode(layout, route, 0, link), coster.Decode(layout, route, referenceContext, link));
        _lines[(layout, epoch)] = line;
        return line;
    }
}
