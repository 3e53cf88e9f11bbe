namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// DynaSplit's online phase: for a request with a latency threshold, pick the configuration to run it
/// on. Pure: the decision depends only on the threshold, the configuration currently applied (null
/// before the first request), what the scheduler was built from and, for a closed-loop one, the latencies it
/// was told of (<see cref="Observe"/>).
/// </summary>
public interface IOnlineScheduler
{
    string Name { get; }

    ConfigurationProfile Choose(double thresholdMs, Configuration? current);

    /// <summary>The latency a request served on <paramref name="configuration"/> took, reconfiguration excluded; open-loop schedulers (the paper's) ignore it.</summary>
    void Observe(Configuration configuration, double latencyMs)
    {
    }
}
