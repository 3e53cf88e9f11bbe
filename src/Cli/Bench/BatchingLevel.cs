namespace Splitwise.Cli.Bench;

/// <summary>
/// One concurrency level of bench batching. Tokens/s is aggregate over all sessions; per-token
/// latency is the time between a session's consecutive tokens (a batched step, or a whole round of
/// sessions stepped one by one), in milliseconds.
/// </summary>
public sealed record BatchingLevel(
    int Sessions,
    double BatchedTokensPerSecond,
    double SequentialTokensPerSecond,
    double BatchedLatencyP50Ms,
    double BatchedLatencyP95Ms,
    double SequentialLatencyP50Ms,
    double SequentialLatencyP95Ms)
{
    public double Speedup => BatchedTokensPerSecond / SequentialTokensPerSecond;
}

/// <summary>Everything bench batching measured on one model, with the targets of issue 15 checked at 16 sessions.</summary>
public sealed record BatchingResult(
    string Model,
    int NLayer,
    int DModel,
    int NHead,
    int VocabSize,
    string Cut,
    IReadOnlyList<BatchingLevel> Levels,
    double TargetScaling,
    double? ScalingAt16,
    double? P95RatioAt16)
{
    /// <summary>Batched p95 latency at 16 sessions over the solo p95 must not exceed this.</summary>
    public const double TargetP95Ratio = 3.0;

    public bool? ScalingMet => ScalingAt16 is { } s ? s >= TargetScaling : null;

    public bool? P95Met => P95RatioAt16 is { } r ? r <= TargetP95Ratio : null;
}
