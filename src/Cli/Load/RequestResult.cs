namespace Splitwise.Cli.Load;

/// <summary>
/// One request as the harness saw it, times in seconds from the start of the test. Latency and time to first token
/// count from the scheduled arrival, so waiting behind the concurrency cap is part of them (open loop).
/// </summary>
public sealed record RequestResult(
    int Index, int PromptTokens, int OutputTokens, double ArrivalSeconds, double StartSeconds, double? FirstTokenSeconds,
    double EndSeconds, int Tokens, string Outcome, string? Error)
{
    public const string Ok = "ok";
    public const string Failed = "error";
    public const string TimedOut = "timeout";

    public double LatencyMs => (EndSeconds - ArrivalSeconds) * 1000;

    public double? TtftMs => FirstTokenSeconds is { } first ? (first - ArrivalSeconds) * 1000 : null;

    /// <summary>Time per output token after the first; null with fewer than two tokens.</summary>
    public double? TpotMs => FirstTokenSeconds is { } first && Tokens > 1 ? (EndSeconds - first) * 1000 / (Tokens - 1) : null;
}
