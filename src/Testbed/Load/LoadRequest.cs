namespace Splitwise.Testbed.Load;

/// <summary>One request of a serving workload (the load test's, the shared cloud's other tenants): when it arrives (seconds from the start), its prompt and output lengths in tokens.</summary>
public readonly record struct LoadRequest(double ArrivalSeconds, int PromptTokens, int OutputTokens);
