using static TorchSharp.torch;

namespace Splitwise.Cli.Bench;

/// <summary>
/// This machine's figures in the sense of a device profile: a large fp32 GEMM (n x n times n x n) and a large copy
/// (read + write of a tensor far bigger than any cache). The calibration divides its fitted kernel rates by these to get
/// the efficiencies it carries to other devices.
/// </summary>
public static class HostProbe
{
    public const int GemmSize = 1024;
    public const long CopyFloats = 32L << 20; // 128 MiB each way

    public static string Method =>
        $"host probes: {GemmSize}x{GemmSize} fp32 matmul (2n^3 FLOP) and a copy of {CopyFloats * 4 >> 20} MiB (bytes read + written), into a buffer allocated once; 2 warm-up + 7 timed, fastest (a probe asks what the machine can do)";

    public static (double GemmFlopsPerSecond, double StreamBytesPerSecond) Run(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var a = randn([GemmSize, GemmSize], generator: generator);
        using var b = randn([GemmSize, GemmSize], generator: generator);
        var gemm = BenchTimer.Measure(2, 7, () => matmul(a, b));
        using var source = randn([CopyFloats], generator: generator);
        using var target = empty([CopyFloats]);
        target.copy_(source); // touch every page before timing
        var copy = BestCopy(source, target);
        return (2.0 * GemmSize * GemmSize * GemmSize / (gemm.Min / 1e3), 2.0 * CopyFloats * sizeof(float) / copy);
    }

    // Into a buffer allocated once: a fresh allocation would time the kernel's page faults, not the memory.
    private static double BestCopy(Tensor source, Tensor target)
    {
        using var _ = no_grad();
        var best = double.PositiveInfinity;
        for (var i = 0; i < 9; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            target.copy_(source);
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (i >= 2)
                best = Math.Min(best, seconds);
        }

        return best;
    }
}
