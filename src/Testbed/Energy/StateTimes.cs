namespace Splitwise.Testbed.Energy;

/// <summary>
/// How long a device spent in each power state during one request. The states are disjoint by contract: the caller
/// (cost model, simulator) decides how overlapping activity is attributed, e.g. a send that overlaps compute is
/// charged as transmit for its own duration and compute for the rest.
/// </summary>
public readonly record struct StateTimes(TimeSpan Compute, TimeSpan Transmit, TimeSpan Receive, TimeSpan Idle)
{
    public TimeSpan Total => Compute + Transmit + Receive + Idle;

    public static StateTimes operator +(StateTimes a, StateTimes b) =>
        new(a.Compute + b.Compute, a.Transmit + b.Transmit, a.Receive + b.Receive, a.Idle + b.Idle);

    /// <summary>Throws when a state has a negative duration: a bug upstream, not something to charge energy for.</summary>
    public StateTimes Validated()
    {
        if (Compute < TimeSpan.Zero || Transmit < TimeSpan.Zero || Receive < TimeSpan.Zero || Idle < TimeSpan.Zero)
            throw new ArgumentException($"negative state duration: {this}");
        return this;
    }
}
