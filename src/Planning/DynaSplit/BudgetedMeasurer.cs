namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// The offline phase's measurement ledger: each configuration is measured at most once (a repeat is
/// answered from the ledger, free), invalid or unmeasurable configurations are never sent to the
/// testbed and never counted, and no measurement happens once the budget is spent.
/// </summary>
public sealed class BudgetedMeasurer(ConfigurationSpace space, IConfigurationMeasurer measurer, int budget, Random random)
{
    private readonly Dictionary<Configuration, ConfigurationProfile> _measured = new();
    private readonly List<ConfigurationProfile> _order = [];

    public int Budget { get; } = budget;

    public int Spent => _order.Count;

    public bool Exhausted => Spent >= Budget;

    /// <summary>Measured profiles in the order they were measured.</summary>
    public IReadOnlyList<ConfigurationProfile> Measured => _order;

    public bool IsMeasured(Configuration c) => _measured.ContainsKey(c);

    /// <summary>Whether a measurement of <paramref name="c"/> would be allowed and new.</summary>
    public bool IsCandidate(Configuration c) => space.IsValid(c) && !_measured.ContainsKey(c) && measurer.CanMeasure(c);

    /// <summary>The profile of <paramref name="c"/>: from the ledger, else measured now; null when the budget is spent or c is not a candidate.</summary>
    public ConfigurationProfile? Measure(Configuration c)
    {
        if (_measured.TryGetValue(c, out var known))
            return known;
        if (Exhausted || !space.IsValid(c) || !measurer.CanMeasure(c))
            return null;
        var profile = measurer.Measure(c, random);
        _measured[c] = profile;
        _order.Add(profile);
        return profile;
    }
}
