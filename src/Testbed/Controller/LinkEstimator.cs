using Splitwise.Contracts.Grains;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Controller;

/// <summary>
/// The link as the live fabric saw it over one epoch, from the crossings its meters recorded (<see cref="LinkSums"/>
/// differenced over the epoch): each crossing took delay = RTT/2 + bytes x 8 / bandwidth, so a least-squares line of
/// delay against bytes per direction gives the bandwidth (its slope) and the RTT (twice its intercept). A direction whose
/// crossings all had one size cannot separate the two: its bandwidth comes from the mean delay less the RTT already
/// known. With no crossing at all the previous estimate stands; a failed probe or refused crossings with none through
/// is an outage. Delays that are not emulated (a real deployment without a link model records 0) say nothing: the
/// link is taken as <see cref="Unmeasured"/>.
/// </summary>
public sealed class LinkEstimator(LinkState initial)
{
    /// <summary>What an unmeasured link is taken to be: as fast as this machine's loopback, no delay.</summary>
    public static LinkState Unmeasured { get; } = new(10_000, 10_000, 0);

    /// <summary>Spread of sizes below which a direction's fit is not trusted (relative standard deviation of the bytes).</summary>
    private const double MinSpread = 0.05;

    public LinkState Last { get; private set; } = initial;

    /// <param name="window">the crossings of the epoch (both meters, differenced).</param>
    /// <param name="probeFailed">the epoch's probe was refused by the link.</param>
    public LinkState Next(LinkSums window, bool probeFailed)
    {
        var crossed = window.Up.Count + window.Down.Count;
        if (probeFailed || (crossed == 0 && window.Outages > 0))
            return Last = Last with { UplinkMbps = 0, DownlinkMbps = 0, Up = false };
        if (crossed == 0)
            return Last;
        if (!window.Emulated)
            return Last = Unmeasured;
        var up = Fit(window.Up);
        var down = Fit(window.Down);
        var rtt = (up.HalfRttMs, down.HalfRttMs) switch
        {
            ({ } u, { } d) => u + d,
            ({ } u, null) => 2 * u,
            (null, { } d) => 2 * d,
            _ => Last.RttMs,
        };
        rtt = Math.Max(0, rtt);
        var upMbps = up.Mbps ?? Rate(window.Up, rtt) ?? (Last.Up ? Last.UplinkMbps : 0);
        var downMbps = down.Mbps ?? Rate(window.Down, rtt) ?? (Last.Up ? Last.DownlinkMbps : 0);
        return Last = new LinkState(upMbps, downMbps, rtt, upMbps > 0 && downMbps > 0);
    }

    // Least squares of delay (ms) on bytes: slope = 8 / (Mbps x 1e3) ms per byte, intercept = RTT / 2.
    private static (double? Mbps, double? HalfRttMs) Fit(LinkDirectionSums s)
    {
        if (s.Count < 2)
            return (null, null);
        var n = s.Count;
        var meanBytes = s.Bytes / n;
        var meanDelay = s.DelayMs / n;
        var variance = s.BytesSquared / n - meanBytes * meanBytes;
        if (!(variance > 0) || Math.Sqrt(variance) < MinSpread * Math.Max(1, meanBytes))
            return (null, null);
        var slope = (s.BytesDelay / n - meanBytes * meanDelay) / variance;
        var intercept = meanDelay - slope * meanBytes;
        return (slope > 0 ? 8 / (slope * 1e3) : Unmeasured.UplinkMbps, Math.Max(0, intercept));
    }

    // One size only: the time beyond the known half-RTT is the bytes' transfer time.
    private static double? Rate(LinkDirectionSums s, double rttMs)
    {
        if (s.Count == 0 || s.Bytes <= 0)
            return null;
        var transferMs = s.DelayMs - s.Count * rttMs / 2;
        return transferMs > 1e-9 ? s.Bytes * 8 / (transferMs * 1e3) : Unmeasured.UplinkMbps;
    }
}
