using System.Diagnostics.Metrics;
using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Links;

/// <summary>
/// The crossings this silo received (each call across the link counts twice: request and response),
/// kept as totals and a bounded recent list, and published on the "Splitwise.Link" meter.
/// </summary>
public sealed class LinkMeter
{
    private const int RecentCapacity = 1024;
    private static readonly Meter Meter = new("Splitwise.Link");
    private static readonly Counter<long> BytesCounter = Meter.CreateCounter<long>("splitwise.link.bytes", "By", "payload bytes across the emulated link");
    private static readonly Histogram<double> DelayHistogram = Meter.CreateHistogram<double>("splitwise.link.delay", "ms", "emulated one-way delay per crossing");
    private static readonly Counter<long> OutageCounter = Meter.CreateCounter<long>("splitwise.link.outages", null, "calls failed by a link outage");

    private readonly Lock _lock = new();
    private readonly Queue<LinkCrossing> _recent = new();
    private LinkTotals _totals = new(0, 0, 0, 0, 0);

    public void Record(LinkCrossing crossing)
    {
        var direction = new KeyValuePair<string, object?>("direction", crossing.Uplink ? "up" : "down");
        BytesCounter.Add(crossing.Bytes, direction);
        DelayHistogram.Record(crossing.DelayMs, direction);
        lock (_lock)
        {
            _totals = _totals with
            {
                Crossings = _totals.Crossings + 1,
                BytesUp = _totals.BytesUp + (crossing.Uplink ? crossing.Bytes : 0),
                BytesDown = _totals.BytesDown + (crossing.Uplink ? 0 : crossing.Bytes),
                DelayMs = _totals.DelayMs + crossing.DelayMs,
            };
            _recent.Enqueue(crossing);
            if (_recent.Count > RecentCapacity)
                _recent.Dequeue();
        }
    }

    public void RecordOutage()
    {
        OutageCounter.Add(1);
        lock (_lock)
            _totals = _totals with { Outages = _totals.Outages + 1 };
    }

    public LinkTotals Totals()
    {
        lock (_lock)
            return _totals;
    }

    public LinkCrossing[] Recent()
    {
        lock (_lock)
            return _recent.ToArray();
    }

    public void Reset()
    {
        lock (_lock)
        {
            _totals = new(0, 0, 0, 0, 0);
            _recent.Clear();
        }
    }
}
