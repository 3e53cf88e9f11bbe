using Splitwise.Testbed.Budgets;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// What one decision epoch did: the requests that completed in it, the edge's energy (idle included), the cloud
/// spend, link bytes (KV caches moved by a plan change counted apart too), the codec loss charged to its tokens, and
/// each budget's usage over the epoch (1 = on budget).
/// </summary>
public sealed record EpochOutcome(
    long Epoch,
    double TimeSeconds,
    IReadOnlyList<CompletedRequest> Completed,
    int Tokens,
    double EdgeEnergyJ,
    double CloudDollars,
    long BytesUp,
    long BytesDown,
    long MigratedBytes,
    double CodecLossBitsPerByte,
    BudgetUsage Budgets,
    bool PlanRejected,
    int QueueLength);

/// <summary>One request served: latency and time to first token from its arrival, its edge energy and cloud spend, bytes, stalls.</summary>
public readonly record struct CompletedRequest(
    int Id,
    double ArrivalSeconds,
    double StartSeconds,
    double TimeToFirstTokenSeconds,
    double LatencySeconds,
    double EdgeEnergyJ,
    double CloudDollars,
    long BytesUp,
    long BytesDown,
    long MigratedBytes,
    double StalledSeconds);
