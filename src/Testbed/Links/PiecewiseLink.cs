namespace Splitwise.Testbed.Links;

/// <summary>
/// A schedule of link states, each holding from its start until the next one's (the last one forever);
/// an outage is a segment with <see cref="LinkState.Up"/> false. Optionally repeats with a period.
/// </summary>
public sealed class PiecewiseLink : ILinkModel
{
    private readonly (TimeSpan Start, LinkState State)[] _segments;
    private readonly TimeSpan? _period;

    public PiecewiseLink(IEnumerable<(TimeSpan Start, LinkState State)> segments, TimeSpan? period = null, string? description = null)
    {
        _segments = segments.OrderBy(s => s.Start).ToArray();
        if (_segments.Length == 0 || _segments[0].Start != TimeSpan.Zero)
            throw new ArgumentException("a piecewise link needs a first segment starting at t=0");
        if (period is { } p && p <= _segments[^1].Start)
            throw new ArgumentException($"period {p} does not cover the last segment's start {_segments[^1].Start}");
        _period = period;
        Description = description ?? $"piecewise, {_segments.Length} segments{(period is null ? "" : $", repeating every {period.Value.TotalSeconds} s")}";
    }

    public string Description { get; }

    public LinkState At(TimeSpan t)
    {
        if (_period is { } p)
            t = TimeSpan.FromTicks(((t.Ticks % p.Ticks) + p.Ticks) % p.Ticks);
        var index = Array.FindLastIndex(_segments, s => s.Start <= t);
        return _segments[Math.Max(0, index)].State;
    }
}
