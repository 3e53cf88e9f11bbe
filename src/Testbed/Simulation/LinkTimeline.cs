using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// The link as the simulator sees it: one state per decision epoch, sampled at the epoch's start and held for the
/// epoch (the traces and the synthetic link step once a second, the default epoch). Sampled lazily, kept.
/// </summary>
public sealed class LinkTimeline(ILinkModel link, double epochSeconds)
{
    private readonly List<LinkState> _states = [];

    public ILinkModel Link => link;

    public double EpochSeconds => epochSeconds;

    public long EpochOf(double seconds) => (long)Math.Floor(seconds / epochSeconds);

    public double StartOf(long epoch) => epoch * epochSeconds;

    public LinkState this[long epoch]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(epoch);
            while (_states.Count <= epoch)
                _states.Add(link.At(TimeSpan.FromSeconds(StartOf(_states.Count))));
            return _states[(int)epoch];
        }
    }
}
