namespace Splitwise.Testbed.Traces;

/// <summary>
/// One sample of a link trace, holding from <paramref name="At"/> until the next sample.
/// <paramref name="CapacityMbps"/> is the measured capacity before any uplink scaling; 0 with <paramref name="Up"/> false is an outage.
/// <paramref name="Measured"/> is false where the trace did not measure capacity (an idle phone in the 5G dataset) and the
/// loader carried the last measured value forward: fitting skips those, emulation uses them.
/// </summary>
public readonly record struct TraceSample(TimeSpan At, double CapacityMbps, double RttMs, bool Up = true, bool Measured = true);
