using Splitwise.Testbed.Cost;
namespace Splitwise.Cli.Bench;

/// <summary>One timed kernel: what it is and does (<see cref="Work"/>), and its time per call in ms.</summary>
/// <param name="Phase">prefill (T new tokens, empty cache) or decode (1 new token after a cache).</param>
/// <param name="Variant">which cut of the kind, e.g. "default group (2 KV heads)" or "1 KV head".</param>
public sealed record KernelMeasurement(string Model, string Phase, string Variant, SubBlockWork Work, SampleStats MsPerCall)
{
    public double MsPerTokenMedian => MsPerCall.Median / Work.Tokens;

    /// <summary>Achieved GFLOP/s and GB/s at the median: where the call sits against the roofline.</summary>
    public double GflopsPerSecond => Work.Flops / (MsPerCall.Median * 1e6);

    public double GbytesPerSecond => Work.Bytes / (MsPerCall.Median * 1e6);
}
