namespace Splitwise.Contracts.Grains;

/// <summary>
/// The cross-tier crossings a silo of one tier received (key: <see cref="FabricKeys.LinkMetrics"/>): bytes with or
/// without an emulated link, delay only when one is emulated.
/// </summary>
public interface ILinkMetricsGrain : IGrainWithStringKey
{
    Task<LinkTotals> Totals();

    Task<LinkCrossing[]> Recent();

    /// <summary>Running sums of the crossings received, per direction (a controller differences two readings).</summary>
    Task<LinkSums> Sums();

    /// <summary>
    /// A link probe: called across the link, its request carries <paramref name="payload"/> and its response
    /// <paramref name="replyBytes"/> bytes, both measured by the callee's meter like any crossing.
    /// </summary>
    Task<byte[]> Probe(byte[] payload, int replyBytes);

    Task Reset();
}

[GenerateSerializer, Immutable, Alias("splitwise.LinkTotals")]
public sealed record LinkTotals([property: Id(0)] long Crossings, [property: Id(1)] long BytesUp, [property: Id(2)] long BytesDown, [property: Id(3)] double DelayMs, [property: Id(4)] long Outages);

/// <summary>One way across the link: direction, payload bytes, the emulated delay applied, the method.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.LinkCrossing")]
public sealed record LinkCrossing([property: Id(0)] bool Uplink, [property: Id(1)] long Bytes, [property: Id(2)] double DelayMs, [property: Id(3)] string Method);
