using System.Diagnostics;
using static TorchSharp.torch;

namespace Splitwise.Cli.Bench;

/// <summary>
/// Times one call repeatedly: untimed warm-up calls first (libtorch allocates and picks kernels on
/// the first calls), then one wall-clock sample per call. Each call runs in its own dispose scope so
/// its temporaries are freed outside the timed region, like a caller that drops its results.
/// </summary>
public static class BenchTimer
{
    /// <param name="prepare">untimed, before every call (e.g. a fresh KV cache at the wanted length).</param>
    /// <param name="call">the timed work; the tensor it returns is freed after timing.</param>
    public static SampleStats Measure<TState>(int warmup, int repetitions, Func<TState> prepare, Func<TState, Tensor> call)
        where TState : IDisposable
    {
        using var _ = no_grad();
        var samples = new List<double>(repetitions);
        for (var i = 0; i < warmup + repetitions; i++)
        {
            using var state = prepare();
            using var scope = NewDisposeScope();
            var started = Stopwatch.GetTimestamp();
            call(state);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= warmup)
                samples.Add(ms);
        }

        return SampleStats.Of(samples);
    }

    public static SampleStats Measure(int warmup, int repetitions, Func<Tensor> call) =>
        Measure(warmup, repetitions, () => NoState.Instance, _ => call());

    private sealed class NoState : IDisposable
    {
        public static readonly NoState Instance = new();

        public void Dispose()
        {
            // Nothing to free; stands in for a per-call state.
        }
    }
}
