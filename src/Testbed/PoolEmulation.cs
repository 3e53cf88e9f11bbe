namespace Splitwise.Testbed;

/// <summary>
/// Where a DynaSplit replay puts <see cref="RerunNoise"/> (EMULATED between-run spread), i.e. what a
/// measurement of the offline phase and a request's outcome are:
/// <list type="bullet">
/// <item><see cref="Literal"/> (the paper's code taken literally): both are pool rows.</item>
/// <item><see cref="Trial"/> (`--trial-noise`): the offline measurement is an independent trial of the configuration
/// (a configuration recorded once: that run x a between-run ratio), the outcome is the pool row itself. This is
/// how the paper's numbers arose: its front values were NSGA-III trials on the testbed, separate runs from the
/// pool its simulation drew outcomes from (`filtered_pool.sample(n=1)`).</item>
/// <item><see cref="Rerun"/> (`--rerun-noise`): both are independent reruns, a testbed noisier than the recorded one.</item>
/// </list>
/// </summary>
public sealed record PoolEmulation(string Name, RerunNoise? Offline, RerunNoise? Outcomes)
{
    public static PoolEmulation Literal { get; } = new("literal", null, null);

    public static PoolEmulation Trial(MeasurementPool pool) => new("trial-noise", new RerunNoise(pool), null);

    public static PoolEmulation Rerun(MeasurementPool pool)
    {
        var noise = new RerunNoise(pool);
        return new("rerun-noise", noise, noise);
    }

    public bool IsEmulated => Offline is not null || Outcomes is not null;

    /// <summary>The method line's account of the mode; empty for the literal one.</summary>
    public string Describe() => this switch
    {
        { Offline: { } n, Outcomes: null } => $"EMULATED --trial-noise: every offline measurement is an independent trial (a configuration recorded once: " +
            $"that run x a between-run latency ratio of the pool, {n.RatioCount} ratios; one recorded more often: one of its runs), while each " +
            "outcome is a pool row as recorded, as in the paper where front values were NSGA-III trials apart from the simulation pool. ",
        { Offline: { } n, Outcomes: not null } => $"EMULATED --rerun-noise (not the paper's method): a configuration recorded once gets that run x a " +
            $"between-run latency ratio of the pool ({n.RatioCount} ratios), in the offline searches and the outcomes alike. ",
        _ => "",
    };
}
