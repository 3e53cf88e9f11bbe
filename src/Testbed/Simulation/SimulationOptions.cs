namespace Splitwise.Testbed.Simulation;

/// <summary>
/// How the simulator runs: the decision epoch (policies are consulted at every epoch start; a plan applies to requests
/// that start service after it), the residual route mode, the smoothing of the observation's estimates, and
/// <see cref="MaxQueue"/>: a policy whose edge queue passes it is unstable at this load (its latency grows without
/// bound), so its run stops there and says so.
/// </summary>
public sealed record SimulationOptions(
    double EpochSeconds = 1, RouteMode Route = RouteMode.Fabric, double SmoothingAlpha = 0.1, int HistoryLength = 8, int MaxQueue = 200)
{
    public SimulationOptions Validated()
    {
        if (!(EpochSeconds > 0) || !double.IsFinite(EpochSeconds))
            throw new ArgumentOutOfRangeException(nameof(EpochSeconds), EpochSeconds, "the decision epoch must be a positive number of seconds");
        if (!(SmoothingAlpha > 0 && SmoothingAlpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(SmoothingAlpha), SmoothingAlpha, "must be in (0, 1]");
        if (MaxQueue < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxQueue), MaxQueue, "must be >= 1");
        if (HistoryLength < 0)
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, "must be >= 0");
        return this;
    }
}
