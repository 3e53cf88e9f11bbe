namespace Splitwise.Testbed.Links;

/// <summary>The same bandwidth and RTT at every instant.</summary>
public sealed class ConstantLink(double uplinkMbps, double downlinkMbps, double rttMs) : ILinkModel
{
    public ConstantLink(double mbps, double rttMs) : this(mbps, mbps, rttMs)
    {
    }

    public string Description => $"constant {uplinkMbps} Mbit/s up, {downlinkMbps} Mbit/s down, {rttMs} ms RTT";

    public LinkState At(TimeSpan t) => new(uplinkMbps, downlinkMbps, rttMs);
}
