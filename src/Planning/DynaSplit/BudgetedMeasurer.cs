namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// The offline phase's measurement ledger: every testbed run counts against the budget, invalid or
/// unmeasurable configurations are never sent to the testbed and never counted, and no measurement happens
/// once the budget is spent. Asking again for a measured configuration is answered from the ledger, free;
/// only an explicit <see cref="MeasureAgain"/> buys another run of it.
/// </summary>
public sealed class BudgetedMeasurer(ConfigurationSpace space, IConfigurationMeasurer measurer, int budget, Random random)
{
    private readonly Dictionary<Configuration, int> _index = new();
    private readonly List<ConfigurationProfile> _order = [];

    public int Budget { get; } = budget;

    /// <summary>Testbed runs paid for, first measurements and repeats alike.</summary>
    public int Spent { get; private set; }

    public bool Exhausted => Spent >= Budget;

    /// <summary>Measured profiles in the order they were first measured, each with every run paid for.</summary>
    public IReadOnlyList<ConfigurationProfile> Measured => _order;

    public bool IsMeasured(Configuration c) => _index.ContainsKey(c);

    /// <summary>Whether a measurement of <paramref name="c"/> would be allowed and new.</summary>
    public bool IsCandidate(Configuration c) => space.IsValid(c) && !_index.ContainsKey(c) && measurer.CanMeasure(c);

    /// <summary>The profile of <paramref name="c"/>: from the ledger, else measured now; null when the budget is spent or c is not a candidate.</summary>
    public ConfigurationProfile? Measure(Configuration c)
    {
        if (_index.TryGetValue(c, out var known))
            return _order[known];
        if (Exhausted || !space.IsValid(c) || !measurer.CanMeasure(c))
            return null;
        var profile = measurer.Measure(c, random);
        Spent++;
        _index[c] = _order.Count;
        _order.Add(profile);
        return profile;
    }

    /// <summary>One more run of an already measured configuration, appended to its samples; null when the budget is spent.</summary>
    public ConfigurationProfile? MeasureAgain(Configuration c)
    {
        if (!_index.TryGetValue(c, out var i))
            throw new InvalidOperationException($"({c}) has not been measured yet; measure it first");
        if (Exhausted)
            return null;
        Spent++;
        return _order[i] = _order[i].WithRunsOf(measurer.Measure(c, random));
    }
}
