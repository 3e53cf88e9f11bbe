namespace Splitwise.Testbed.Cost;

/// <summary>One measured call: what it did and how long it took on this machine (median wall clock, seconds).</summary>
/// <param name="Label">where the sample came from, e.g. "bundled prefill" (for reports; the fit ignores it).</param>
public sealed record KernelSample(string Label, SubBlockWork Work, double Seconds);
