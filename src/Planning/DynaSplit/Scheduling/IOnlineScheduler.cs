namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// DynaSplit's online phase: for a request with a latency threshold, pick the configuration to run it
/// on. Pure: the decision depends only on the threshold, the configuration currently applied (null
/// before the first request) and what the scheduler was built from.
/// </summary>
public interface IOnlineScheduler
{
    string Name { get; }

    ConfigurationProfile Choose(double thresholdMs, Configuration? current);
}
