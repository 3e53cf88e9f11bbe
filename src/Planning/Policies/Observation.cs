namespace Splitwise.Planning.Policies;

/// <summary>
/// What a policy may see at a decision epoch: the state the Splitwise paper's encoder takes (queue and bandwidth
/// with their moving averages and variance, arrival rate, edge memory and compute available) plus a short history.
/// Estimates come from the past only: nothing here reveals the coming epoch's link.
/// </summary>
/// <param name="TimeSeconds">start of the epoch, seconds since the experiment began.</param>
/// <param name="Epoch">index of the epoch.</param>
/// <param name="EdgeQueueLength">requests waiting for the edge session (not counting the one in service).</param>
/// <param name="EdgeBacklogSeconds">service time still owed to the request in service, seconds.</param>
/// <param name="CloudBacklogSeconds">cloud compute still owed to the request in service, seconds.</param>
/// <param name="EdgeQueueMovingAverage">exponential moving average of <see cref="EdgeQueueLength"/>.</param>
/// <param name="CloudBacklogMovingAverage">exponential moving average of <see cref="CloudBacklogSeconds"/>.</param>
/// <param name="Bandwidth">uplink estimate from the epochs seen so far.</param>
/// <param name="RttMsEstimate">round-trip time of the last epoch seen, ms.</param>
/// <param name="ArrivalRatePerSecond">moving estimate of request arrivals per second.</param>
/// <param name="EdgeMemoryAvailableBytes">edge memory a plan may use for weights and caches.</param>
/// <param name="EdgeComputeAvailable">fraction of the edge compute not used by other work, [0, 1].</param>
/// <param name="History">the last few epochs, oldest first.</param>
/// <param name="CloudLoadLast">the shared cloud's load seen in the last epoch (its running batch over the largest seen, [0, 1]); 0 when the cloud is dedicated.</param>
public sealed record Observation(
    double TimeSeconds,
    long Epoch,
    int EdgeQueueLength,
    double EdgeBacklogSeconds,
    double CloudBacklogSeconds,
    double EdgeQueueMovingAverage,
    double CloudBacklogMovingAverage,
    BandwidthEstimate Bandwidth,
    double RttMsEstimate,
    double ArrivalRatePerSecond,
    long EdgeMemoryAvailableBytes,
    double EdgeComputeAvailable,
    IReadOnlyList<EpochRecord> History,
    double CloudLoadLast = 0);

/// <summary>Uplink bandwidth seen so far: the last epoch, an exponential moving mean and variance.</summary>
public readonly record struct BandwidthEstimate(double LastMbps, double MeanMbps, double VarianceMbps2, double DownlinkLastMbps);

/// <summary>One past epoch as the policy saw it: queue, measured uplink (0 = outage) and arrivals.</summary>
public readonly record struct EpochRecord(long Epoch, int EdgeQueueLength, double UplinkMbps, int Arrivals);
