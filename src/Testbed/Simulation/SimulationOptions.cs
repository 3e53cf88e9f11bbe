namespace Splitwise.Testbed.Simulation;

/// <summary>
/// How the simulator runs: the decision epoch (policies are consulted at every epoch start; a plan applies to requests
/// that start service after it), the residual route mode, and the smoothing of the observation's estimates.
/// </summary>
public sealed record SimulationOptions(double EpochSeconds = 1, RouteMode Route = RouteMode.Best, double SmoothingAlpha = 0.1, int HistoryLength = 8)
{
    public SimulationOptions Validated()
    {
        if (!(EpochSeconds > 0) || !double.IsFinite(EpochSeconds))
            throw new ArgumentOutOfRangeException(nameof(EpochSeconds), EpochSeconds, "the decision epoch must be a positive number of seconds");
        if (!(SmoothingAlpha > 0 && SmoothingAlpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(SmoothingAlpha), SmoothingAlpha, "must be in (0, 1]");
        if (HistoryLength < 0)
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, "must be >= 0");
        return this;
    }
}
