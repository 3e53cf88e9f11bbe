using Splitwise.Contracts.Grains;

namespace Splitwise.Grains.Links;

/// <summary>
/// The crossings this silo received (each call across the link counts twice: request and response),
/// kept as totals and a bounded recent list for <see cref="LinkMetricsGrain"/>, and published as
/// <see cref="LinkInstruments"/>.
/// </summary>
public sealed class LinkMeter(LinkInstruments instruments)
{
    private const int RecentCapacity = 1024;

    private readonly Lock _lock = new();
    private readonly Queue<LinkCrossing> _recent = new();
    private LinkTotals _totals = new(0, 0, 0, 0, 0);
    private LinkSums _sums;

    /// <param name="emulated">false when no link model delays the calls (the delay is 0 and not a measurement).</param>
    /// <param name="inSums">false for a reading of the meter itself (<see cref="Sums"/>): it crosses and is counted, but a
    /// reading that added itself to the sums it reads would put the link of one epoch into the next epoch's window.</param>
    public void Record(LinkCrossing crossing, string codec, bool emulated, bool inSums = true)
    {
        instruments.Record(crossing, codec, emulated);
        lock (_lock)
        {
            _totals = _totals with
            {
                Crossings = _totals.Crossings + 1,
                BytesUp = _totals.BytesUp + (crossing.Uplink ? crossing.Bytes : 0),
                BytesDown = _totals.BytesDown + (crossing.Uplink ? 0 : crossing.Bytes),
                DelayMs = _totals.DelayMs + crossing.DelayMs,
            };
            if (inSums)
            {
                _sums = crossing.Uplink
                    ? _sums with { Up = _sums.Up.Add(crossing.Bytes, crossing.DelayMs), Emulated = _sums.Emulated || emulated }
                    : _sums with { Down = _sums.Down.Add(crossing.Bytes, crossing.DelayMs), Emulated = _sums.Emulated || emulated };
            }

            _recent.Enqueue(crossing);
            if (_recent.Count > RecentCapacity)
                _recent.Dequeue();
        }
    }

    public void RecordOutage(bool uplink, string method)
    {
        instruments.RecordOutage(uplink, method);
        lock (_lock)
        {
            _totals = _totals with { Outages = _totals.Outages + 1 };
            _sums = _sums with { Outages = _sums.Outages + 1 };
        }
    }

    public LinkTotals Totals()
    {
        lock (_lock)
            return _totals;
    }

    /// <summary>Running sums per direction since the start (not cleared by <see cref="Reset"/>: readers difference them).</summary>
    public LinkSums Sums()
    {
        lock (_lock)
            return _sums;
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
