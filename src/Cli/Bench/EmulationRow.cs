namespace Splitwise.Cli.Bench;

/// <summary>One plan of bench emulation: live and simulated ms per decode token, and where the simulated time goes.</summary>
public sealed record EmulationRow(
    int EdgeLayers,
    double LiveMsPerToken,
    double SimulatedMsPerToken,
    double SimulatedEdgeComputeMs,
    double SimulatedCloudComputeMs,
    double SimulatedLinkMs,
    double LiveEdgeMeasuredMs,
    double LiveEdgeWaitedMs,
    int FarCallsPerToken)
{
    /// <summary>Simulated / live: 1 is perfect agreement.</summary>
    public double Ratio => SimulatedMsPerToken / LiveMsPerToken;
}
