using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// Time of one sub-block call on one device: a roofline, max(FLOPs / throughput, bytes / bandwidth), plus a fixed
/// per-call overhead (dispatch, allocation, thread wake-up) that dominates small decode calls.
/// <para>Uncalibrated, the throughput and bandwidth are the <see cref="DeviceProfile"/>'s, scaled by <see cref="Efficiency"/>.
/// With a <see cref="Calibration"/> (see <see cref="Calibrated"/>) the roofline is the one fitted on this machine, carried to
/// the device by one assumption: our kernels reach the same fraction of the device's profiled GEMM throughput and streaming
/// bandwidth as they reach of this machine's, and pay the same per-call overhead (the profiles give no single-thread
/// dispatch figure). The host's cache bandwidth applies only on the host itself.</para>
/// </summary>
/// <param name="Device">the device the call runs on.</param>
/// <param name="BytesPerElement">4 for fp32 weights and activations, 2 for fp16.</param>
/// <param name="PerCallOverheadSeconds">fixed cost of one call, seconds (added to the calibrated per-kind overhead).</param>
/// <param name="Efficiency">fraction of the figures that the kernels reach (0, 1]; multiplies the calibrated efficiencies.</param>
/// <param name="Calibration">this machine's fitted kernel rates; null for the plain roofline of the profile.</param>
public sealed record CostModel(
    DeviceProfile Device,
    int BytesPerElement = 4,
    double PerCallOverheadSeconds = 0,
    double Efficiency = 1,
    KernelCalibration? Calibration = null)
{
    /// <summary>The calibrated model of <paramref name="device"/>.</summary>
    public static CostModel Calibrated(DeviceProfile device, KernelCalibration calibration, int bytesPerElement = 4) =>
        new(device, bytesPerElement, Calibration: calibration.Validated());

    /// <summary>This machine itself: reproduces the fit of <paramref name="calibration"/>.</summary>
    public static CostModel Host(KernelCalibration calibration) => Calibrated(calibration.HostProfile(), calibration);

    /// <summary>Seconds for one call doing <paramref name="work"/> (counted at fp32; bytes scale with the element width).</summary>
    public double Seconds(SubBlockWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!(Efficiency > 0) || PerCallOverheadSeconds < 0)
            throw new CostModelException($"efficiency must be positive and overhead not negative (got {Efficiency}, {PerCallOverheadSeconds})");
        if (work.Flops < 0 || work.Bytes < 0)
            throw new CostModelException($"negative work: {work}");
        var bytes = work.Bytes * (BytesPerElement / 4.0);
        if (Calibration is not { } c)
        {
            var compute = work.Flops / (Device.FlopsPerSecond(BytesPerElement) * Efficiency);
            var memory = bytes / (Device.BytesPerSecond * Efficiency);
            return Math.Max(compute, memory) + PerCallOverheadSeconds;
        }

        var matmul = Device.FlopsPerSecond(BytesPerElement) * c.MatmulEfficiency * Efficiency;
        var attention = matmul * (c.AttentionFlopsPerSecond / c.MatmulFlopsPerSecond);
        var core = AttentionCoreFlops(work);
        var computeSeconds = (work.Flops - core) / matmul + core / attention;
        return Math.Max(computeSeconds, MemorySeconds(c, work.Kind, bytes)) + c.Overhead(work) + PerCallOverheadSeconds;
    }

    /// <summary>Elementwise kinds at their rate; the others from the cache when they fit it (host only), else from memory.</summary>
    private double MemorySeconds(KernelCalibration c, string kind, double bytes)
    {
        var memory = Device.BytesPerSecond * c.MemoryEfficiency * Efficiency;
        if (KernelCalibration.ElementwiseKinds.Contains(kind))
            return bytes / (memory * (c.ElementwiseBytesPerSecond / c.MemoryBytesPerSecond));
        if (Device != c.HostProfile())
            return bytes / memory;
        return bytes <= c.CacheBytes ? bytes / (memory * (c.CacheBytesPerSecond / c.MemoryBytesPerSecond)) : bytes / memory;
    }

    /// <summary>
    /// FLOPs of q k^T and p v in an attention group: many small per-head products plus softmax, which reach far less
    /// than a GEMM; the rest of the call (q|k|v and output projections) is plain matmul.
    /// </summary>
    public static long AttentionCoreFlops(SubBlockWork work)
    {
        if (work.Kind != "attention_group")
            return 0;
        long t = work.Tokens;
        var pairs = t * work.CachedTokens + t * (t + 1) / 2;
        return 4L * work.QueryHeads * work.HeadDim * pairs;
    }
}
