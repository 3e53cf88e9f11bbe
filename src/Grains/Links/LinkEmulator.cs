using System.Diagnostics;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Links;

/// <summary>
/// The emulated edge-cloud link the filters apply: a <see cref="ILinkModel"/> (none: calls cross freely)
/// and the clock its time axis is read from. Share one instance between silos of one process so that
/// they agree on both.
/// </summary>
public sealed class LinkEmulator
{
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public LinkEmulator(ILinkModel? link = null, Func<TimeSpan>? clock = null)
    {
        Link = link;
        Clock = clock ?? (() => _since.Elapsed);
    }

    public ILinkModel? Link { get; set; }

    public Func<TimeSpan> Clock { get; set; }
}
