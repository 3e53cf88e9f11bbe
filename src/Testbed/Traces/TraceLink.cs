using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Traces;

/// <summary>
/// A link replayed from a measured trace: piecewise constant over the samples (each holds until the next), the last one
/// holding for <see cref="SamplePeriod"/>; then either the trace loops or the last sample holds forever.
/// Uplink = capacity x <see cref="TraceOptions.UplinkRatio"/>, downlink = capacity; a zero-capacity sample is an outage.
/// </summary>
public sealed class TraceLink : ILinkModel
{
    private readonly TraceSample[] _samples;
    private readonly long[] _startTicks;
    private readonly TraceOptions _options;

    public TraceLink(string source, IEnumerable<TraceSample> samples, TimeSpan samplePeriod, TraceOptions? options = null)
    {
        _options = (options ?? TraceOptions.Default).Validated();
        _samples = samples.ToArray();
        if (_samples.Length == 0)
            throw new ArgumentException($"{source}: a trace needs at least one sample");
        if (samplePeriod <= TimeSpan.Zero)
            throw new ArgumentException($"{source}: sample period must be positive");
        for (var i = 0; i < _samples.Length; i++)
        {
            var s = _samples[i];
            if (!(s.CapacityMbps >= 0) || !double.IsFinite(s.CapacityMbps) || !(s.RttMs >= 0) || !double.IsFinite(s.RttMs))
                throw new ArgumentException($"{source}: sample {i} has capacity {s.CapacityMbps} Mbit/s, RTT {s.RttMs} ms");
            if (i > 0 && s.At <= _samples[i - 1].At)
                throw new ArgumentException($"{source}: sample {i} at {_samples[i].At} is not after sample {i - 1}");
        }

        _startTicks = _samples.Select(s => s.At.Ticks).ToArray();
        Source = source;
        SamplePeriod = samplePeriod;
        Duration = _samples[^1].At + samplePeriod;
        var outages = _samples.Count(s => !s.Up);
        Description = $"trace {Path.GetFileName(source)}: {_samples.Length} samples over {Duration.TotalSeconds:F0} s, "
                      + $"{outages} outage samples, uplink = {_options.UplinkRatio:G3} x capacity{(_options.Loop ? ", looping" : "")}";
    }

    public string Source { get; }

    public string Description { get; }

    public TimeSpan SamplePeriod { get; }

    /// <summary>Length of one pass over the trace (the loop period when looping).</summary>
    public TimeSpan Duration { get; }

    public IReadOnlyList<TraceSample> Samples => _samples;

    public TraceOptions Options => _options;

    public LinkState At(TimeSpan t)
    {
        var ticks = t.Ticks;
        if (_options.Loop)
            ticks = ((ticks % Duration.Ticks) + Duration.Ticks) % Duration.Ticks;
        var index = Array.BinarySearch(_startTicks, ticks);
        if (index < 0)
            index = ~index - 1;
        // Before the first sample (a CSV that starts at t > 0) the first sample holds.
        var s = _samples[Math.Max(0, index)];
        var up = s.Up && s.CapacityMbps > 0;
        return up
            ? new LinkState(s.CapacityMbps * _options.UplinkRatio, s.CapacityMbps, s.RttMs)
            : new LinkState(0, 0, s.RttMs, Up: false);
    }

    /// <summary>
    /// Capacity in Mbit/s (0 = outage) of the measured samples in order, for fitting and statistics. Carried-forward
    /// (unmeasured) samples are left out, so a series is what the instrument saw, not what the emulation fills in.
    /// </summary>
    public double[] MeasuredCapacity() =>
        _samples.Where(s => s.Measured).Select(s => s.Up ? s.CapacityMbps : 0).ToArray();
}
