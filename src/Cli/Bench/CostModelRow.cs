namespace Splitwise.Cli.Bench;

/// <summary>One kernel, measured and predicted (ms per call); Cross is null when there is no other shape to fit on.</summary>
public sealed record CostModelRow(string Shape, string Phase, string Kind, string Variant, int Tokens, int Keys, double MeasuredMs, double InSampleMs, double? CrossMs);
