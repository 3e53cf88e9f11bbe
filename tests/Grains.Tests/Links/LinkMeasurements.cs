using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Splitwise.Grains.Links;

namespace Splitwise.Grains.Tests.Links;

/// <summary>A MeterListener on one silo's "Splitwise.Link" meter (by its meter factory), collecting every measurement.</summary>
public sealed class LinkMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _all = new();

    public LinkMeasurements(IMeterFactory silo)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LinkInstruments.MeterName && ReferenceEquals(instrument.Meter.Scope, silo))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument) => _all.Where(m => m.Instrument == instrument).ToArray();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
            copy[tag.Key] = tag.Value?.ToString();
        _all.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, copy));
    }

    public sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, string?> Tags);
}
