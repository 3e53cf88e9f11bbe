using System.Diagnostics.Metrics;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;

namespace Splitwise.Grains.Links;

/// <summary>
/// The edge-cloud link on the "Splitwise.Link" meter, one meter per silo (from its <see cref="IMeterFactory"/>),
/// recorded by the callee. Tags: direction (uplink = edge to cloud, downlink), from_tier, to_tier, codec
/// (the plan codec a stage call names; "none" for calls without activations).
/// </summary>
public sealed class LinkInstruments
{
    public const string MeterName = "Splitwise.Link";
    public const string Crossings = "splitwise.link.crossings";
    public const string Bytes = "splitwise.link.bytes";
    public const string Delay = "splitwise.link.delay";
    public const string Outages = "splitwise.link.outages";

    // From a LAN hop to a congested cellular uplink carrying a prefill activation.
    private static readonly double[] DelayBucketsMs = [0.5, 1, 2, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120];

    private readonly Counter<long> _crossings;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _delay;
    private readonly Counter<long> _outages;

    public LinkInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _crossings = meter.CreateCounter<long>(Crossings, "{crossing}", "one-way crossings of the edge-cloud link; a cross-tier call crosses twice (request, response)");
        _bytes = meter.CreateCounter<long>(Bytes, "By", "payload bytes across the edge-cloud link, as the serializer writes them (activations: encoded length)");
        _delay = meter.CreateHistogram(Delay, "ms", "emulated one-way delay per crossing (RTT/2 + bytes/bandwidth of the link model); absent without an emulated link",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DelayBucketsMs });
        _outages = meter.CreateCounter<long>(Outages, "{call}", "cross-tier calls failed with LinkDownException because the emulated link was down");
    }

    public void Record(LinkCrossing crossing, string codec, bool emulated)
    {
        var tags = Tags(crossing.Uplink, codec);
        _crossings.Add(1, tags);
        _bytes.Add(crossing.Bytes, tags);
        if (emulated)
            _delay.Record(crossing.DelayMs, tags);
    }

    public void RecordOutage(bool uplink, string method) =>
        _outages.Add(1, new System.Diagnostics.TagList { { "from_tier", From(uplink) }, { "to_tier", To(uplink) }, { "method", method } });

    private static System.Diagnostics.TagList Tags(bool uplink, string codec) => new()
    {
        { "direction", uplink ? "uplink" : "downlink" },
        { "from_tier", From(uplink) },
        { "to_tier", To(uplink) },
        { "codec", codec },
    };

    private static string From(bool uplink) => SiloTier.RoleName(uplink ? Tier.Edge : Tier.Cloud);

    private static string To(bool uplink) => SiloTier.RoleName(uplink ? Tier.Cloud : Tier.Edge);
}
