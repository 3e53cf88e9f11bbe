namespace Splitwise.Cli.Bench;

/// <summary>bench forward's figures for one model shape.</summary>
public sealed record ForwardResult(
    string Model,
    int NLayer,
    int DModel,
    int NHead,
    int MaxSeqLen,
    int VocabSize,
    ForwardBenchOptions Options,
    SampleStats MonolithicTokensPerSecond,
    IReadOnlyList<ForwardComparison> Decomposed);
