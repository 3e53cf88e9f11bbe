using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// What a measurement of the offline phase and a request's outcome are in a DynaSplit replay on a recorded pool:
/// <list type="bullet">
/// <item><see cref="Literal"/> (the paper's code taken literally): both are pool rows.</item>
/// <item><see cref="Trial"/> (`--trial-noise`, EMULATED): the offline measurement is an independent trial of the
/// configuration, the outcome is a pool row as recorded. This is how the paper's numbers arose: its front values
/// were NSGA-III trials on the testbed, runs apart from the pool its simulation drew outcomes from
/// (`filtered_pool.sample(n=1)`). A trial of a configuration recorded once is that run x a fresh between-run ratio
/// (<see cref="RerunNoise"/>), so repeated trials scatter around the recorded run.</item>
/// <item><see cref="IidTrial"/> (`--trial-noise --iid-trials`, EMULATED): as <see cref="Trial"/>, but trials and the
/// recorded run are independent draws of one spread (<see cref="TrialMeasurer"/>): repeated trials scatter around
/// the configuration's typical run, not around the recorded one, so repeats cannot reveal an unusual recorded run.</item>
/// <item><see cref="Rerun"/> (`--rerun-noise`, EMULATED): both are reruns scaled by a fresh between-run ratio
/// (<see cref="RerunNoise"/>), a testbed noisier than the recorded one.</item>
/// </list>
/// </summary>
public sealed class PoolEmulation
{
    private readonly Func<int, IConfigurationMeasurer> _offline;
    private readonly string _description;

    private PoolEmulation(string name, Func<int, IConfigurationMeasurer> offline, RerunNoise? outcomes, string description)
    {
        Name = name;
        _offline = offline;
        Outcomes = outcomes;
        _description = description;
    }

    public string Name { get; }

    /// <summary>Noise on the outcomes (null: an outcome is a pool row as recorded).</summary>
    public RerunNoise? Outcomes { get; }

    public bool IsEmulated => Name != "literal";

    /// <summary>A fresh testbed for one offline search with <paramref name="seed"/>.</summary>
    public IConfigurationMeasurer OfflineMeasurer(int seed) => _offline(seed);

    /// <summary>The method line's account of the mode; empty for the literal one.</summary>
    public string Describe() => _description;

    public static PoolEmulation Literal(MeasurementPool pool) => new("literal", _ => new RecordedPoolMeasurer(pool), null, "");

    public static PoolEmulation Trial(MeasurementPool pool)
    {
        var noise = new RerunNoise(pool);
        return new("trial-noise", _ => new RecordedPoolMeasurer(pool, noise), null,
            "EMULATED --trial-noise: every offline measurement is an independent trial (a configuration recorded once: that run x a between-run " +
            $"latency ratio of the pool, {noise.RatioCount} ratios, drawn per trial; one recorded more often: one of its runs) while each outcome " +
            "is a pool row as recorded, as in the paper, where front values were NSGA-III trials apart from the simulation pool. ");
    }

    public static PoolEmulation IidTrial(MeasurementPool pool)
    {
        _ = new TrialMeasurer(pool, 0); // fail now, not at the first search, when the pool has no repeated configuration
        return new("trial-noise-iid", seed => new TrialMeasurer(pool, seed), null,
            "EMULATED --trial-noise --iid-trials: every offline measurement is an independent trial, the trials and the recorded run being " +
            "independent draws of one spread (a configuration recorded once: that run x run a / run b of a repeated configuration, b fixed per " +
            "configuration and seed, a drawn per trial; one recorded more often: one of its runs) while each outcome is a pool row as recorded. ");
    }

    public static PoolEmulation Rerun(MeasurementPool pool)
    {
        var noise = new RerunNoise(pool);
        return new("rerun-noise", _ => new RecordedPoolMeasurer(pool, noise), noise,
            $"EMULATED --rerun-noise (not the paper's method): a configuration recorded once gets that run x a between-run latency ratio " +
            $"of the pool ({noise.RatioCount} ratios), in the offline searches and the outcomes alike. ");
    }
}
