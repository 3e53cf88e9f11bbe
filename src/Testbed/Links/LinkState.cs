namespace Splitwise.Testbed.Links;

public enum LinkDirection
{
    /// <summary>Edge to cloud.</summary>
    Uplink,

    /// <summary>Cloud to edge.</summary>
    Downlink,
}

/// <summary>The edge-cloud link at one instant: capacity each way, round-trip time, and whether it is up.</summary>
public readonly record struct LinkState(double UplinkMbps, double DownlinkMbps, double RttMs, bool Up = true)
{
    public double Mbps(LinkDirection direction) => direction == LinkDirection.Uplink ? UplinkMbps : DownlinkMbps;
}
