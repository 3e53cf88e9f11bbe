using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// The worlds a controller trains in: the scenario on its family's TRAINING traces only (<see cref="TraceSplit"/>; never
/// an evaluation trace, also for flaky-link, whose evaluation run uses the flakiest evaluation trace), each started at one
/// of <see cref="Starts"/> offsets into the trace, with its own arrivals. Built on first use and kept (a world holds the
/// cost model's caches).
/// </summary>
public sealed class TrainingWorlds(Scenario scenario, int requests)
{
    public const int Starts = 8;

    private readonly Dictionary<(int, int), World> _worlds = [];

    public Scenario Scenario => scenario;

    public int Traces => TraceSplit.Available(scenario.Link) ? TraceSplit.Training(scenario.Link).Count : 4;

    /// <summary>Training trace <paramref name="trace"/> started <paramref name="start"/> eighths of an hour in.</summary>
    public World Get(int trace, int start)
    {
        if (_worlds.TryGetValue((trace, start), out var world))
            return world;
        var link = new ShiftedLink(TraceSplit.Link(scenario.Link, trace, training: true), TimeSpan.FromSeconds(start * 3600.0 / Starts));
        world = new World(scenario with { Requests = requests }, 1000 + trace * Starts + start, link);
        _worlds[(trace, start)] = world;
        return world;
    }

    /// <summary>A link seen from <paramref name="offset"/> on.</summary>
    private sealed class ShiftedLink(ILinkModel inner, TimeSpan offset) : ILinkModel
    {
        public string Description => $"{inner.Description}, from {offset.TotalSeconds:F0} s";

        public LinkState At(TimeSpan t) => inner.At(t + offset);
    }
}
