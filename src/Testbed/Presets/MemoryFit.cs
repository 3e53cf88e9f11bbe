namespace Splitwise.Testbed.Presets;

/// <summary>Bytes the edge must hold for a plan, by kind.</summary>
public readonly record struct EdgeMemory(long SessionBytes, long LayerSharedBytes, long SubBlockWeightBytes, long KvCacheBytes)
{
    public long TotalBytes => SessionBytes + LayerSharedBytes + SubBlockWeightBytes + KvCacheBytes;

    public override string ToString() =>
        $"session (embeddings, LM head) {Gib(SessionBytes)}, layer norms/biases {Gib(LayerSharedBytes)}, "
        + $"edge sub-block weights {Gib(SubBlockWeightBytes)}, KV caches {Gib(KvCacheBytes)}";

    internal static string Gib(long bytes) => $"{bytes / (double)(1L << 30):F2} GiB";
}

/// <summary>Whether a plan's edge side fits the edge device's memory.</summary>
public abstract record MemoryFit(string Device, EdgeMemory Required, long AvailableBytes)
{
    public abstract bool Fits { get; }
}

public sealed record FeasiblePlan(string Device, EdgeMemory Required, long AvailableBytes) : MemoryFit(Device, Required, AvailableBytes)
{
    public override bool Fits => true;

    public long HeadroomBytes => AvailableBytes - Required.TotalBytes;
}

/// <summary>A plan whose edge side does not fit: names the device, what is needed, what is there and the shortfall.</summary>
public sealed record InfeasiblePlan(string Device, EdgeMemory Required, long AvailableBytes) : MemoryFit(Device, Required, AvailableBytes)
{
    public override bool Fits => false;

    public long ShortfallBytes => Required.TotalBytes - AvailableBytes;

    public string Reason =>
        $"plan does not fit {Device}: needs {EdgeMemory.Gib(Required.TotalBytes)} on the edge ({Required}), "
        + $"{EdgeMemory.Gib(AvailableBytes)} available, short by {EdgeMemory.Gib(ShortfallBytes)}";
}
