namespace Splitwise.Cli.Bench;

/// <param name="PrefillTokens">prompt lengths timed from an empty cache (capped at the context length).</param>
/// <param name="DecodeContexts">keys attended by a decode step (the cache holds one fewer).</param>
public sealed record KernelBenchOptions(IReadOnlyList<int> PrefillTokens, IReadOnlyList<int> DecodeContexts, int Warmup, int Repetitions, long Seed);
