using System.Diagnostics.Metrics;

namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// The batches this silo's sub-block grains ran: batches, steps and the largest batch, as totals and as the meter
/// `Splitwise.Batching` (`splitwise.batching.batches`, `splitwise.batching.size`). A batch of one is a lone step.
/// </summary>
public sealed class BatchMeter
{
    public const string MeterName = "Splitwise.Batching";
    private readonly Lock _lock = new();
    private readonly Counter<long> _batches;
    private readonly Histogram<int> _size;
    private BatchTotals _totals = new(0, 0, 0, 0);

    public BatchMeter(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _batches = meter.CreateCounter<long>("splitwise.batching.batches", "{batch}", "batches run by sub-block grains");
        _size = meter.CreateHistogram<int>("splitwise.batching.size", "{step}", "steps of concurrent sessions in one sub-block batch");
    }

    public BatchTotals Totals
    {
        get
        {
            lock (_lock)
                return _totals;
        }
    }

    public void Ran(int steps)
    {
        _batches.Add(1);
        _size.Record(steps);
        lock (_lock)
        {
            _totals = _totals with
            {
                Batches = _totals.Batches + 1,
                Steps = _totals.Steps + steps,
                Shared = _totals.Shared + (steps > 1 ? 1 : 0),
                Largest = Math.Max(_totals.Largest, steps),
            };
        }
    }
}

/// <param name="Shared">batches of more than one step.</param>
public sealed record BatchTotals(long Batches, long Steps, long Shared, int Largest)
{
    public double MeanSize => Batches == 0 ? 0 : (double)Steps / Batches;
}
