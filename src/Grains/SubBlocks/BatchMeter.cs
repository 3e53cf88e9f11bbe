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
    private readonly Histogram<int> _sessions;
    private BatchTotals _totals = new(0, 0, 0, 0);
    private BatchTotals _sessionTotals = new(0, 0, 0, 0);
    private long _failedPasses;

    public BatchMeter(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _batches = meter.CreateCounter<long>("splitwise.batching.batches", "{batch}", "batches run by sub-block grains");
        _size = meter.CreateHistogram<int>("splitwise.batching.size", "{step}", "steps of concurrent sessions in one sub-block batch");
        _sessions = meter.CreateHistogram<int>("splitwise.batching.sessions", "{session}", "sessions stepped together in one batched forward pass");
    }

    public BatchTotals Totals
    {
        get
        {
            lock (_lock)
                return _totals;
        }
    }

    /// <summary>The batched forward passes of this silo's sessions (<see cref="Sessions.SessionStepper"/>): Steps counts sessions.</summary>
    public BatchTotals SessionTotals
    {
        get
        {
            lock (_lock)
                return _sessionTotals;
        }
    }

    /// <summary>Batched forward passes that failed (their sessions then stepped alone).</summary>
    public long FailedPasses => Interlocked.Read(ref _failedPasses);

    public void PassFailed() => Interlocked.Increment(ref _failedPasses);

    public void Stepped(int sessions)
    {
        _sessions.Record(sessions);
        lock (_lock)
            _sessionTotals = Add(_sessionTotals, sessions);
    }

    private static BatchTotals Add(BatchTotals totals, int steps) => totals with
    {
        Batches = totals.Batches + 1,
        Steps = totals.Steps + steps,
        Shared = totals.Shared + (steps > 1 ? 1 : 0),
        Largest = Math.Max(totals.Largest, steps),
    };

    public void Ran(int steps)
    {
        _batches.Add(1);
        _size.Record(steps);
        lock (_lock)
            _totals = Add(_totals, steps);
    }
}

/// <param name="Shared">batches of more than one step.</param>
public sealed record BatchTotals(long Batches, long Steps, long Shared, int Largest)
{
    public double MeanSize => Batches == 0 ? 0 : (double)Steps / Batches;
}
