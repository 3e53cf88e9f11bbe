namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>Base of the static baselines: one configuration chosen up front, whatever the threshold.</summary>
public abstract class FixedChoiceScheduler(string name, ConfigurationProfile choice) : IOnlineScheduler
{
    public string Name => name;

    public ConfigurationProfile Choice => choice;

    public ConfigurationProfile Choose(double thresholdMs, Configuration? current) => choice;

    protected static ConfigurationProfile Require(IEnumerable<ConfigurationProfile> candidates, Func<ConfigurationProfile, double> key, string what)
    {
        var list = candidates.ToList();
        if (list.Count == 0)
            throw new ArgumentException($"no {what} configuration to build the baseline from");
        return list.MinBy(key)!;
    }
}
