namespace Splitwise.Planning.DynaSplit.Scheduling;

/// <summary>
/// The paper's online rule (May et al., 2024; `extract_from_pareto` in the authors' code): sort the Pareto
/// front by energy ascending (ties: higher accuracy first) and take the first configuration whose latency
/// meets the threshold; if none does, take the fastest (the first of the fastest in that energy order, as the
/// authors' loop). The latency and energy are those of the run the offline phase measured (Optuna's trial
/// values in the authors' code), so a configuration measured on a lucky run looks safer than it is.
/// </summary>
public sealed class DynaSplitScheduler : IOnlineScheduler
{
    private readonly ConfigurationProfile[] _byEnergy;
    private readonly ConfigurationProfile _fastest;

    public DynaSplitScheduler(IReadOnlyCollection<ConfigurationProfile> front)
    {
        if (front.Count == 0)
            throw new ArgumentException("the Pareto front is empty", nameof(front));
        _byEnergy = front.OrderBy(p => p.EnergyJ).ThenByDescending(p => p.Accuracy).ToArray();
        _fastest = _byEnergy.MinBy(p => p.LatencyMs)!;
    }

    public string Name => "dynasplit";

    public ConfigurationProfile Choose(double thresholdMs, Configuration? current) =>
        _byEnergy.FirstOrDefault(p => p.LatencyMs <= thresholdMs) ?? _fastest;
}
