using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// What this machine's kernels reach, fitted from <c>bench kernels</c> (see <see cref="KernelCalibrationFitter"/>):
/// time of a call = overhead + max(matmul FLOPs / <see cref="MatmulFlopsPerSecond"/> + attention-core FLOPs /
/// <see cref="AttentionFlopsPerSecond"/>, bytes / bandwidth), where the bandwidth is <see cref="ElementwiseBytesPerSecond"/>
/// for the kinds without a matmul (embedding, layer glue), <see cref="CacheBytesPerSecond"/> for a call whose bytes fit in
/// <see cref="CacheBytes"/>, else <see cref="MemoryBytesPerSecond"/>. The overhead is <see cref="CallOverheadSeconds"/> plus
/// <see cref="OpOverheadSeconds"/> per torch op the kernel issues (<see cref="TorchOps"/>, counted from the code): each op
/// is a P/Invoke, a tensor handle and a dispatch, whatever the shape, so one per-op figure serves every kind.
/// <para><see cref="HostGemmFlopsPerSecond"/> and <see cref="HostStreamBytesPerSecond"/> are this machine's figures in
/// the sense of a <see cref="DeviceProfile"/> (a tuned GEMM, a weight stream); the ratios of the fitted rates to them are
/// the kernel efficiencies carried over to other devices (see <see cref="KernelCalibrationFitter.Fit"/> for how they are set).</para>
/// </summary>
/// <param name="CallOverheadSeconds">fixed cost of one call (timer, dispose scope).</param>
/// <param name="OpOverheadSeconds">cost of issuing one torch op.</param>
public sealed record KernelCalibration(
    double HostGemmFlopsPerSecond,
    double HostStreamBytesPerSecond,
    double MatmulFlopsPerSecond,
    double AttentionFlopsPerSecond,
    double MemoryBytesPerSecond,
    double CacheBytesPerSecond,
    long CacheBytes,
    double ElementwiseBytesPerSecond,
    double CallOverheadSeconds,
    double OpOverheadSeconds,
    string Source = "")
{
    /// <summary>Kinds with no matrix product: their bytes stream through several elementwise torch ops.</summary>
    public static readonly IReadOnlySet<string> ElementwiseKinds = new HashSet<string>(StringComparer.Ordinal) { "embedding", "layer_glue" };

    /// <summary>Fraction of a large GEMM's throughput that the sub-block matmuls reach.</summary>
    public double MatmulEfficiency => MatmulFlopsPerSecond / HostGemmFlopsPerSecond;

    /// <summary>Fraction of a large copy's bandwidth that weight-streaming calls reach once out of cache.</summary>
    public double MemoryEfficiency => MemoryBytesPerSecond / HostStreamBytesPerSecond;

    /// <summary>Fixed cost of one call doing <paramref name="work"/>: per call, plus per torch op it issues.</summary>
    public double Overhead(SubBlockWork work) => CallOverheadSeconds + TorchOps(work) * OpOverheadSeconds;

    /// <summary>
    /// Torch ops one call issues, counted from the kernels (src/Inference/Decomposition, CausalAttention, KvCache) on the
    /// GPT-2 path the host is calibrated on: attention = addmm, view, transpose, 3 narrows, the cache append (2 narrows,
    /// 2 copies, 2 narrows), then sdpa (prefill) or transpose, bmm, scale, softmax, bmm (decode), then the head merge
    /// (transpose + reshape, or a view) and the output mm; FFN up = addmm + GELU; down = mm; a slice is both; embedding =
    /// index tensor, lookup, position narrow, add; glue = two norms and two sum starts; LM head = norm, transpose, mm;
    /// a weight stream = one mm. LLaMA's rotary and gated paths issue a few more, not counted.
    /// </summary>
    public static int TorchOps(SubBlockWork work) => work.Kind switch
    {
        "attention_group" => work.Tokens == 1 ? 19 : 16,
        "ffn_up" => 2,
        "ffn_slice" => 3,
        "embedding" or "layer_glue" => 4,
        "lm_head" => 3,
        _ => 1,
    };

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
        if (CacheBytes < 0 || !double.IsFinite(CallOverheadSeconds) || CallOverheadSeconds < 0 || !double.IsFinite(OpOverheadSeconds) || OpOverheadSeconds < 0)
            throw new CostModelException("cache size and overheads must not be negative");
        return this;
    }
}
