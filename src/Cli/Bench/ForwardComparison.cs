namespace Splitwise.Cli.Bench;

/// <summary>One decomposed cut against the monolithic reference, measured in the same interleaved run.</summary>
/// <param name="RatioOfMedians">median decomposed tokens/s over median monolithic tokens/s.</param>
/// <param name="PairedRatio">per-round decomposed/monolithic ratios: rounds share the machine's load, so
/// this is the steadier figure while other work runs.</param>
/// <param name="MaxAbsLogitDiff">on the last timed step, against the monolithic logits (an exactness check).</param>
public sealed record ForwardComparison(
    string Granularity,
    int KvHeadsPerGroup,
    int HeadGroups,
    int FfnSlices,
    SampleStats TokensPerSecond,
    double RatioOfMedians,
    SampleStats PairedRatio,
    double MaxAbsLogitDiff);
