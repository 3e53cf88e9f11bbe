namespace Splitwise.Contracts.Grains;

/// <summary>
/// Running sums of the crossings one way across the link, as a silo's meter received them: count, payload bytes, the delay
/// each took, and the two products a least-squares fit of delay against bytes needs (delay = RTT/2 + bytes / bandwidth).
/// The difference of two readings is the window between them.
/// </summary>
[GenerateSerializer, Immutable, Alias("splitwise.LinkDirectionSums")]
public readonly record struct LinkDirectionSums(
    [property: Id(0)] long Count, [property: Id(1)] double Bytes, [property: Id(2)] double DelayMs, [property: Id(3)] double BytesSquared, [property: Id(4)] double BytesDelay)
{
    public LinkDirectionSums Add(long bytes, double delayMs) =>
        new(Count + 1, Bytes + bytes, DelayMs + delayMs, BytesSquared + (double)bytes * bytes, BytesDelay + bytes * delayMs);

    public static LinkDirectionSums operator +(LinkDirectionSums a, LinkDirectionSums b) =>
        new(a.Count + b.Count, a.Bytes + b.Bytes, a.DelayMs + b.DelayMs, a.BytesSquared + b.BytesSquared, a.BytesDelay + b.BytesDelay);

    public static LinkDirectionSums operator -(LinkDirectionSums a, LinkDirectionSums b) =>
        new(a.Count - b.Count, a.Bytes - b.Bytes, a.DelayMs - b.DelayMs, a.BytesSquared - b.BytesSquared, a.BytesDelay - b.BytesDelay);
}

/// <summary>Both directions' <see cref="LinkDirectionSums"/>, the crossings refused by an outage, and whether the delays were emulated.</summary>
[GenerateSerializer, Immutable, Alias("splitwise.LinkSums")]
public readonly record struct LinkSums(
    [property: Id(0)] LinkDirectionSums Up, [property: Id(1)] LinkDirectionSums Down, [property: Id(2)] long Outages, [property: Id(3)] bool Emulated)
{
    public static LinkSums operator +(LinkSums a, LinkSums b) => new(a.Up + b.Up, a.Down + b.Down, a.Outages + b.Outages, a.Emulated || b.Emulated);

    public static LinkSums operator -(LinkSums a, LinkSums b) => new(a.Up - b.Up, a.Down - b.Down, a.Outages - b.Outages, a.Emulated || b.Emulated);
}
