namespace Splitwise.Testbed.Cloud;

/// <summary>One request of another tenant: arrival (seconds from the start), prompt and generated tokens.</summary>
public readonly record struct LoadRequest(double ArrivalSeconds, int PromptTokens, int OutputTokens);
