using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// A pool of recorded runs grouped by configuration. Drawing a run of a configuration is how the
/// paper's simulation, and our offline/online replay, obtain "what this configuration would do now".
/// </summary>
public sealed class MeasurementPool
{
    private readonly Dictionary<Configuration, PoolRun[]> _runs;

    public MeasurementPool(IEnumerable<PoolRun> runs)
    {
        _runs = runs.GroupBy(r => r.Configuration).ToDictionary(g => g.Key, g => g.ToArray());
        if (_runs.Count == 0)
            throw new ArgumentException("a measurement pool needs at least one run");
    }

    public int RunCount => _runs.Values.Sum(r => r.Length);

    public IReadOnlyCollection<Configuration> Configurations => _runs.Keys;

    public bool Contains(Configuration c) => _runs.ContainsKey(c);

    public IReadOnlyList<PoolRun> RunsOf(Configuration c) =>
        _runs.TryGetValue(c, out var runs) ? runs : throw new ArgumentException($"the pool has no run of ({c})");

    public PoolRun Draw(Configuration c, Random random)
    {
        var runs = RunsOf(c);
        return runs[random.Next(runs.Count)];
    }

    /// <summary>The space whose knob values are those the pool was recorded with.</summary>
    public ConfigurationSpace Space(bool edgeAcceleratorAllowed = true) =>
        ConfigurationSpace.FromObserved(_runs.Keys.ToList(), edgeAcceleratorAllowed);

    /// <summary>
    /// What measuring <paramref name="c"/> once tells: that run's latency, energy and accuracy, and that run as
    /// the only sample. The configuration's other recorded runs stay unknown to the offline phase (they are the
    /// pool the online outcomes are drawn from); a scheduler learns about variation only from runs it paid for.
    /// </summary>
    public ConfigurationProfile Profile(Configuration c, PoolRun measured) =>
        new(c, measured.LatencyMs, measured.EnergyJ, measured.Accuracy, [measured.LatencyMs], [measured.EnergyJ]);

    /// <summary>The mean profile of <paramref name="c"/> over its recorded runs (for baselines fixed up front), or null when the pool has none.</summary>
    public ConfigurationProfile? MeanProfileOf(Configuration c) =>
        Contains(c) ? MeanProfiles().First(p => p.Configuration == c) : null;

    /// <summary>Every configuration's profile on its mean run: for baselines that are fixed up front from the testbed.</summary>
    public List<ConfigurationProfile> MeanProfiles() =>
        _runs.Select(kv => new ConfigurationProfile(kv.Key, kv.Value.Average(r => r.LatencyMs), kv.Value.Average(r => r.EnergyJ),
            kv.Value.Average(r => r.Accuracy), kv.Value.Select(r => r.LatencyMs).ToArray(), kv.Value.Select(r => r.EnergyJ).ToArray())).ToList();
}
