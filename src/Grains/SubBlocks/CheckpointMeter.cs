using System.Diagnostics.Metrics;

namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// What this silo's partition checkpoints cost: writes, stored bytes (MessagePack + LZ4) and write time, as totals and
/// as the meter `Splitwise.Checkpoint` (`splitwise.checkpoint.writes`, `.bytes`, `.write.duration`).
/// </summary>
public sealed class CheckpointMeter
{
    public const string MeterName = "Splitwise.Checkpoint";
    private readonly Lock _lock = new();
    private readonly Counter<long> _writes;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _duration;
    private CheckpointTotals _totals = new(0, 0, 0, 0);

    public CheckpointMeter(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _writes = meter.CreateCounter<long>("splitwise.checkpoint.writes", "{write}", "partition checkpoints written");
        _bytes = meter.CreateCounter<long>("splitwise.checkpoint.bytes", "By", "bytes of partition checkpoints written (MessagePack + LZ4)");
        _duration = meter.CreateHistogram<double>("splitwise.checkpoint.write.duration", "ms", "time to write one partition checkpoint");
    }

    public CheckpointTotals Totals
    {
        get
        {
            lock (_lock)
                return _totals;
        }
    }

    public void Serialized(long bytes)
    {
        _bytes.Add(bytes);
        lock (_lock)
            _totals = _totals with { Bytes = _totals.Bytes + bytes };
    }

    public void Written(double milliseconds, int tokens)
    {
        _writes.Add(1);
        _duration.Record(milliseconds);
        lock (_lock)
            _totals = _totals with { Writes = _totals.Writes + 1, WriteMs = _totals.WriteMs + milliseconds, Tokens = _totals.Tokens + tokens };
    }
}

/// <param name="Tokens">session positions covered by the writes since the previous checkpoint of each (per head group).</param>
public sealed record CheckpointTotals(long Writes, long Bytes, double WriteMs, long Tokens)
{
    public double BytesPerToken => Tokens == 0 ? 0 : (double)Bytes / Tokens;

    public double WriteMsPerToken => Tokens == 0 ? 0 : WriteMs / Tokens;
}
