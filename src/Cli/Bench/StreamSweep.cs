using Splitwise.Testbed.Cost;
using static TorchSharp.torch;

namespace Splitwise.Cli.Bench;

/// <summary>
/// The machine's memory hierarchy, apart from any model shape: one token through a weight matrix of 1024 rows and 64 to
/// 32,768 columns (256 KiB to 128 MiB of fp32 weights), each timed like a kernel. Without it, a calibration fitted on a
/// small model's kernels (all in cache) knows nothing of the bandwidth a bigger model's weights stream at.
/// </summary>
public static class StreamSweep
{
    public const string Model = "stream";
    private const int Rows = 1024;

    public static IReadOnlyList<KernelMeasurement> Run(int warmup, int repetitions, long seed, Action<KernelMeasurement> onResult)
    {
        var results = new List<KernelMeasurement>();
        using var generator = new Generator((ulong)seed);
        using var x = randn([1, Rows], generator: generator);
        for (var columns = 64; columns <= 32_768; columns *= 2)
        {
            using var w = randn([Rows, columns], generator: generator);
            var work = SubBlockWorkModel.WeightStream(Rows, columns);
            var m = new KernelMeasurement(Model, "decode", $"{work.WeightBytes >> 10} KiB of weights", work,
                BenchTimer.Measure(warmup, repetitions, () => x.mm(w)));
            results.Add(m);
            onResult(m);
        }

        return results;
    }
}
