using System.Diagnostics;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Links;

/// <summary>
/// The emulated edge-cloud link the filters apply: a <see cref="ILinkModel"/> (none: calls cross freely)
/// and the clock its time axis is read from. Share one instance between silos of one process so that
/// they agree on both. <see cref="InjectFailures"/> makes a share of crossings fail as if the link dropped them
/// (`Fabric:Link:FailureRate`), for the recovery tests and chaos runs.
/// </summary>
public sealed class LinkEmulator
{
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Lock _draw = new();
    private Random _failures = new(0);
    private double _failureRate;

    public LinkEmulator(ILinkModel? link = null, Func<TimeSpan>? clock = null)
    {
        Link = link;
        Clock = clock ?? (() => _since.Elapsed);
    }

    public ILinkModel? Link { get; set; }

    public Func<TimeSpan> Clock { get; set; }

    /// <summary>Share of crossings (each leg of a call) that fail, drawn from a generator seeded with <paramref name="seed"/>; 0: none.</summary>
    public void InjectFailures(double rate, int seed = 0)
    {
        if (rate is < 0 or > 1 || double.IsNaN(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "a failure rate is in [0, 1]");
        lock (_draw)
            (_failureRate, _failures) = (rate, new Random(seed));
    }

    public double FailureRate
    {
        get
        {
            lock (_draw)
                return _failureRate;
        }
    }

    /// <summary>Whether this crossing is one of the injected failures.</summary>
    public bool DrawFailure()
    {
        lock (_draw)
            return _failureRate > 0 && _failures.NextDouble() < _failureRate;
    }
}
