namespace Splitwise.Testbed.Devices;

/// <summary>
/// What the cost model needs to know about one (emulated) device: how fast it multiplies, how fast it reads memory,
/// how much memory a plan may use, and how much power it draws per state. Every figure carries its source.
/// </summary>
/// <param name="Key">Short command-line name (rpi5, orin-nx, s23, a100).</param>
/// <param name="MatmulFp32">Effective dense matmul throughput at fp32, GFLOP/s.</param>
/// <param name="MatmulFp16">Effective dense matmul throughput at fp16, GFLOP/s.</param>
/// <param name="MemoryBandwidth">Memory bandwidth a streaming kernel sees, GB/s (10^9 bytes).</param>
/// <param name="MemoryCapacity">Memory a model may use, GiB: the device total minus what the OS keeps (see its source).</param>
/// <param name="IdlePower">Whole-device power when idle with the radio idle, W.</param>
/// <param name="ActivePower">Whole-device power while computing, W.</param>
/// <param name="RadioTransmitPower">Extra power while the radio sends, W (0 for a wired server).</param>
/// <param name="RadioReceivePower">Extra power while the radio receives, W (0 for a wired server).</param>
public sealed record DeviceProfile(
    string Key,
    string Name,
    Figure MatmulFp32,
    Figure MatmulFp16,
    Figure MemoryBandwidth,
    Figure MemoryCapacity,
    Figure IdlePower,
    Figure ActivePower,
    Figure RadioTransmitPower,
    Figure RadioReceivePower)
{
    public long MemoryBytes => (long)(MemoryCapacity.Value * (1L << 30));

    /// <summary>Effective matmul throughput in FLOP/s for an element width of 4 (fp32) or 2 (fp16) bytes.</summary>
    public double FlopsPerSecond(int bytesPerElement) => bytesPerElement switch
    {
        4 => MatmulFp32.Value * 1e9,
        2 => MatmulFp16.Value * 1e9,
        _ => throw new ArgumentOutOfRangeException(nameof(bytesPerElement), bytesPerElement, "only fp32 (4) and fp16 (2) are profiled"),
    };

    public double BytesPerSecond => MemoryBandwidth.Value * 1e9;

    /// <summary>Every figure with its field name, for printing a profile with its sources.</summary>
    public IEnumerable<(string Field, Figure Figure)> Figures()
    {
        yield return (nameof(MatmulFp32), MatmulFp32);
        yield return (nameof(MatmulFp16), MatmulFp16);
        yield return (nameof(MemoryBandwidth), MemoryBandwidth);
        yield return (nameof(MemoryCapacity), MemoryCapacity);
        yield return (nameof(IdlePower), IdlePower);
        yield return (nameof(ActivePower), ActivePower);
        yield return (nameof(RadioTransmitPower), RadioTransmitPower);
        yield return (nameof(RadioReceivePower), RadioReceivePower);
    }
}
