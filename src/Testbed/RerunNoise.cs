using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// EMULATED, off by default (the paper's simulation draws a pool row as it is); <see cref="PoolEmulation"/> says where it applies. In the paper every front
/// member's offline value (an NSGA-III trial, hpc-tuwien/SPLINTER results/optimization/splinter.db) is a run
/// independent of the simulation pool, which holds its grid-search run (and testbed reruns). Drawing a pool row
/// for a configuration recorded only once returns the very run the offline phase measured, so it can never
/// miss its own threshold. This draw replaces such a run by that run times a ratio drawn from the pool's
/// between-run latency ratios (run a / run b over every ordered pair of distinct runs of each configuration
/// recorded more than once): the spread of an independent rerun, as this testbed showed it. Energy is kept.
/// </summary>
public sealed class RerunNoise
{
    private readonly double[] _ratios;

    public RerunNoise(MeasurementPool pool)
    {
        _ratios = pool.Configurations.Select(pool.RunsOf).Where(r => r.Count > 1)
            .SelectMany(r => from a in r from b in r where !ReferenceEquals(a, b) select a.LatencyMs / b.LatencyMs).ToArray();
        if (_ratios.Length == 0)
            throw new ArgumentException("rerun noise needs at least one configuration recorded more than once");
    }

    public int RatioCount => _ratios.Length;

    public PoolRun Draw(MeasurementPool pool, Configuration c, Random random)
    {
        var runs = pool.RunsOf(c);
        if (runs.Count > 1)
            return runs[random.Next(runs.Count)];
        return runs[0] with { LatencyMs = runs[0].LatencyMs * _ratios[random.Next(_ratios.Length)] };
    }
}
