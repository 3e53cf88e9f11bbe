namespace Splitwise.Testbed.Simulation;

/// <summary>One generation request: when it arrives, its prompt length and how many tokens it generates.</summary>
public readonly record struct RequestSpec(int Id, double ArrivalSeconds, int PromptTokens, int OutputTokens);
