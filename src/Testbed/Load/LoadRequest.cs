namespace Splitwise.Testbed.Load;

/// <summary>One request of a load test: when it arrives (seconds from the start), its prompt and output lengths in tokens.</summary>
public sealed record LoadRequest(double ArrivalSeconds, int PromptTokens, int OutputTokens);
