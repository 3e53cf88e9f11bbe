using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// What this machine's kernels reach, fitted from <c>bench kernels</c> (see <see cref="KernelCalibrationFitter"/>):
/// time of a call = overhead(kind) + max(matmul FLOPs / <see cref="MatmulFlopsPerSecond"/> + attention-core FLOPs /
/// <see cref="AttentionFlopsPerSecond"/>, bytes / bandwidth), where the bandwidth is <see cref="ElementwiseBytesPerSecond"/>
/// for the kinds without a matmul (embedding, layer glue), <see cref="CacheBytesPerSecond"/> for a call whose bytes fit in
/// <see cref="CacheBytes"/>, else <see cref="MemoryBytesPerSecond"/>.
/// <para><see cref="HostGemmFlopsPerSecond"/> and <see cref="HostStreamBytesPerSecond"/> are this machine's figures in
/// the sense of a <see cref="DeviceProfile"/> (a tuned GEMM, a weight stream); the ratios of the fitted rates to them are
/// the kernel efficiencies carried over to other devices (see <see cref="KernelCalibrationFitter.Fit"/> for how they are set).</para>
/// </summary>
/// <param name="OverheadSeconds">fixed cost of one call per kind (dispatch of its torch ops, allocations).</param>
public sealed record KernelCalibration(
    double HostGemmFlopsPerSecond,
    double HostStreamBytesPerSecond,
    double MatmulFlopsPerSecond,
    double AttentionFlopsPerSecond,
    double MemoryBytesPerSecond,
    double CacheBytesPerSecond,
    long CacheBytes,
    double ElementwiseBytesPerSecond,
    IReadOnlyDictionary<string, double> OverheadSeconds,
    string Source = "")
{
    /// <summary>Kinds with no matrix product: their bytes stream through several elementwise torch ops.</summary>
    public static readonly IReadOnlySet<string> ElementwiseKinds = new HashSet<string>(StringComparer.Ordinal) { "embedding", "layer_glue" };

    /// <summary>Fraction of a large GEMM's throughput that the sub-block matmuls reach.</summary>
    public double MatmulEfficiency => MatmulFlopsPerSecond / HostGemmFlopsPerSecond;

    /// <summary>Fraction of a large copy's bandwidth that weight-streaming calls reach once out of cache.</summary>
    public double MemoryEfficiency => MemoryBytesPerSecond / HostStreamBytesPerSecond;

    /// <summary>Overhead of a kind; a kind never measured gets the median of the measured ones.</summary>
    public double Overhead(string kind)
    {
        if (OverheadSeconds.TryGetValue(kind, out var seconds))
            return seconds;
        var all = OverheadSeconds.Values.Order().ToArray();
        return all.Length == 0 ? 0 : all[all.Length / 2];
    }

    /// <summary>This machine as a device profile: the probed GEMM and copy rates, marked measured.</summary>
    public DeviceProfile HostProfile()
    {
        var unknown = Figure.Estimated(0, "W", "not measured: this machine is only timed, never metered");
        var gflops = Figure.Effective(HostGemmFlopsPerSecond / 1e9, "GFLOP/s", "measured here: fitted matmul rate of bench costmodel");
        return new DeviceProfile("host", "this machine (measured)", gflops, gflops,
            Figure.Effective(HostStreamBytesPerSecond / 1e9, "GB/s", "measured here: fitted memory rate of bench costmodel"),
            Figure.Estimated(0, "GiB", "not used"), unknown, unknown, unknown, unknown);
    }

    /// <summary>Throws <see cref="CostModelException"/> unless every rate is positive and finite.</summary>
    public KernelCalibration Validated()
    {
        double[] rates = [HostGemmFlopsPerSecond, HostStreamBytesPerSecond, MatmulFlopsPerSecond, AttentionFlopsPerSecond,
            MemoryBytesPerSecond, CacheBytesPerSecond, ElementwiseBytesPerSecond];
        if (rates.Any(r => !double.IsFinite(r) || r <= 0))
            throw new CostModelException($"every rate of a calibration must be positive and finite: {string.Join(", ", rates)}");
        if (CacheBytes < 0 || OverheadSeconds.Values.Any(o => !double.IsFinite(o) || o < 0))
            throw new CostModelException("cache size and per-kind overheads must not be negative");
        return this;
    }
}
