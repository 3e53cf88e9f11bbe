namespace Splitwise.Testbed.Simulation;

/// <summary>What happened to one request under one policy. Energy is the edge device's (what the papers minimise); the cloud's apart.</summary>
public readonly record struct RequestOutcome(
    int Id,
    double ArrivalSeconds,
    double StartSeconds,
    double TimeToFirstTokenSeconds,
    double LatencySeconds,
    double EdgeEnergyJ,
    double CloudEnergyJ,
    long BytesUp,
    long BytesDown,
    string Codec,
    double StalledSeconds);

/// <summary>One decision epoch: requests waiting at its start, the true uplink in it, and whether the policy's plan was taken.</summary>
public readonly record struct EpochSample(double TimeSeconds, int EdgeQueueLength, double UplinkMbps, bool PlanRejected);
