using Splitwise.Planning.MultiObjective;

namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// DynaSplit's offline phase: NSGA-III over integer-coded configurations, minimising
/// (latency, energy, 1 - accuracy), stopped when the measurement budget is spent. Offspring that are
/// invalid, unmeasurable or already measured are regenerated rather than evaluated (the paper's
/// pruning), so every unit of budget buys a new configuration. The front is the non-dominated subset
/// of everything measured, not only of the last population.
/// </summary>
public static class OfflineSearch
{
    public static SearchResult Run(ConfigurationSpace space, IConfigurationMeasurer measurer, OfflineSearchOptions options)
    {
        if (options.BudgetFraction is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "budget fraction must be in (0, 1]");
        var valid = space.EnumerateValid().ToList();
        var measurable = valid.Count(measurer.CanMeasure);
        var budget = Math.Min(measurable, (int)Math.Floor(options.BudgetFraction * valid.Count));

        var random = new Random(options.Seed);
        var ledger = new BudgetedMeasurer(space, measurer, budget, random);
        var references = ReferencePoints.DasDennis(3, options.ReferenceDivisions);
        var nsga = new Nsga3<int[]>(new IntegerOperators(space.Cardinalities), references, options.PopulationSize);

        nsga.Run(
            genes => ledger.Measure(space.Decode(genes))?.Objectives(),
            options.MaxGenerations,
            random,
            genes => !ledger.IsCandidate(space.Decode(genes)));

        return new SearchResult(valid.Count, measurable, budget, ledger.Measured.ToList(), ParetoFront(ledger.Measured));
    }

    public static List<ConfigurationProfile> ParetoFront(IReadOnlyList<ConfigurationProfile> measured)
    {
        var objectives = measured.Select(p => (IReadOnlyList<double>)p.Objectives()).ToList();
        return Dominance.NonDominatedIndices(objectives).Select(i => measured[i]).ToList();
    }
}
