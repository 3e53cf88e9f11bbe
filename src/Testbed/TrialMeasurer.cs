using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// EMULATED (`--trial-noise`): the offline phase's testbed when every measurement is an independent trial, as the
/// paper's NSGA-III trials were, while the outcomes stay pool rows. All runs of a configuration are taken as
/// independent draws of one spread. A configuration recorded more than once: a trial is one of its recorded runs.
/// One recorded once borrows the spread of a repeated configuration: its recorded run stands in for that
/// configuration's run b (the pair drawn once per configuration, uniformly over the pool's ordered pairs of
/// distinct runs), and each trial is the recorded run x run a / run b for another run a drawn afresh. So a trial
/// differs from the recorded run by the ratio of two runs, as an independent rerun does, and two trials differ by
/// the ratio of two runs as well (a fresh ratio per trial would make them differ by the ratio of four).
/// Energy is the recorded run's. Where a recorded run sits in its spread is a fact of the emulated world, not of a
/// search: it is drawn from <c>worldSeed</c> and the configuration alone, so searches with the same seed (the paper's
/// and ours) see the same world.
/// </summary>
public sealed class TrialMeasurer : IConfigurationMeasurer
{
    private readonly MeasurementPool _pool;
    private readonly IReadOnlyList<PoolRun>[] _repeated;
    private readonly double[] _cumulativePairs;
    private readonly Dictionary<Configuration, (int Group, int StandIn)> _standIns = new();

    private readonly int _worldSeed;

    public TrialMeasurer(MeasurementPool pool, int worldSeed)
    {
        _pool = pool;
        _worldSeed = worldSeed;
        _repeated = pool.Configurations.Select(pool.RunsOf).Where(r => r.Count > 1).ToArray();
        if (_repeated.Length == 0)
            throw new ArgumentException("independent trials need at least one configuration recorded more than once");
        var total = 0.0;
        _cumulativePairs = _repeated.Select(r => total += r.Count * (r.Count - 1.0)).ToArray();
    }

    public bool CanMeasure(Configuration configuration) => _pool.Contains(configuration);

    public ConfigurationProfile Measure(Configuration configuration, Random random)
    {
        var runs = _pool.RunsOf(configuration);
        if (runs.Count > 1)
            return _pool.Profile(configuration, runs[random.Next(runs.Count)]);
        if (!_standIns.TryGetValue(configuration, out var standIn))
            _standIns[configuration] = standIn = DrawStandIn(new Random(StableSeed(configuration)));
        var group = _repeated[standIn.Group];
        var other = random.Next(group.Count - 1);
        if (other >= standIn.StandIn)
            other++;
        var ratio = group[other].LatencyMs / group[standIn.StandIn].LatencyMs;
        return _pool.Profile(configuration, runs[0] with { LatencyMs = runs[0].LatencyMs * ratio });
    }

    /// <summary>FNV-1a over the world seed and the configuration's text (string.GetHashCode differs per process).</summary>
    private int StableSeed(Configuration c)
    {
        var hash = 2166136261u ^ (uint)_worldSeed;
        foreach (var ch in c.ToString())
            hash = (hash ^ ch) * 16777619u;
        return (int)(hash & int.MaxValue);
    }

    /// <summary>A repeated configuration, chosen in proportion to its ordered run pairs, and one of its runs.</summary>
    private (int Group, int StandIn) DrawStandIn(Random random)
    {
        var index = Array.BinarySearch(_cumulativePairs, random.NextDouble() * _cumulativePairs[^1]);
        var group = Math.Min(index < 0 ? ~index : index, _repeated.Length - 1);
        return (group, random.Next(_repeated[group].Count));
    }
}
