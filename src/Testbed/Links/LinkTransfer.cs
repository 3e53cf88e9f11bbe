namespace Splitwise.Testbed.Links;

/// <summary>Time on the link for one crossing, and the typed failure when the link is down.</summary>
public static class LinkTransfer
{
    /// <summary>One-way delay of <paramref name="bytes"/> sent at <paramref name="start"/>: RTT/2 + bytes / bandwidth.</summary>
    /// <exception cref="LinkOutageException">the link is down at <paramref name="start"/>.</exception>
    public static TimeSpan OneWay(this ILinkModel link, TimeSpan start, long bytes, LinkDirection direction)
    {
        var state = link.At(start);
        var mbps = state.Mbps(direction);
        if (!state.Up || mbps <= 0)
            throw new LinkOutageException(start, link.Description);
        return TimeSpan.FromMilliseconds(state.RttMs / 2 + bytes * 8 / (mbps * 1e3));
    }
}

/// <summary>A crossing attempted while the emulated link is down.</summary>
public sealed class LinkOutageException(TimeSpan at, string link)
    : Exception($"edge-cloud link is down at t={at.TotalSeconds:F3} s ({link})");
