using Splitwise.Planning.MultiObjective;

namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// DynaSplit's offline phase: NSGA-III over integer-coded configurations, minimising
/// (latency, energy, 1 - accuracy), stopped when the measurement budget is spent. Offspring that are
/// invalid, unmeasurable or already measured are regenerated rather than evaluated (the paper's
/// pruning), so every unit of budget buys a new configuration. The front is the non-dominated subset
/// of everything measured, not only of the last population. With <see cref="OfflineSearchOptions.ReservedMeasurements"/>
/// NSGA-III stops that many measurements early and <see cref="ReservedMeasurements"/> spends the rest.
/// </summary>
public static class OfflineSearch
{
    public static SearchResult Run(ConfigurationSpace space, IConfigurationMeasurer measurer, OfflineSearchOptions options)
    {
        if (options.BudgetFraction is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(options), "budget fraction must be in (0, 1]");
        var valid = space.EnumerateValid().ToList();
        var measurable = valid.Count(measurer.CanMeasure);
        // ceil(fraction x |valid space|) as the paper's code (n_trials = ceil(size * fraction)).
        var budget = Math.Min(measurable, (int)Math.Ceiling(options.BudgetFraction * valid.Count - 1e-9));

        var random = new Random(options.Seed);
        if (options.ReservedMeasurements < 0 || options.ReservedMeasurements >= budget)
            throw new ArgumentOutOfRangeException(nameof(options), $"reserved measurements must be in [0, {budget}) (the budget)");
        var nsgaBudget = budget - options.ReservedMeasurements;
        var ledger = new BudgetedMeasurer(space, measurer, budget, random);
        var references = ReferencePoints.DasDennis(3, options.ReferenceDivisions);
        var nsga = new Nsga3<int[]>(new IntegerOperators(space.Cardinalities), references, options.PopulationSize);

        nsga.Run(
            genes => ledger.Spent < nsgaBudget ? ledger.Measure(space.Decode(genes))?.Objectives() : null,
            options.MaxGenerations,
            random,
            genes => !ledger.IsCandidate(space.Decode(genes)),
            options.SeedFastestAnchors ? FastestAnchors(space) : null);

        if (options.ReservedMeasurements > 0)
            ReservedMeasurements.Spend(ledger, space, options.MaxRunsPerConfiguration);

        return new SearchResult(valid.Count, measurable, budget, ledger.Measured.ToList(), ParetoFront(ledger.Measured));
    }

    /// <summary>
    /// Cloud only (highest CPU frequency, cloud GPU if any) and edge only (highest frequency, most
    /// aggressive accelerator mode if allowed) as genes. Index 0 of the accelerator modes is `off`; the
    /// others sort by name, and the testbed's names (`max` &gt; `std`) make the first non-off one the fastest.
    /// </summary>
    public static IReadOnlyList<int[]> FastestAnchors(ConfigurationSpace space)
    {
        var lastFreq = space.CpuFrequenciesMHz.Length - 1;
        var gpu = Array.IndexOf(space.CloudAccelerators, true);
        var cpuCloud = Array.IndexOf(space.CloudAccelerators, false);
        var edgeMode = space.EdgeAcceleratorAllowed && space.EdgeAcceleratorModes.Length > 1 ? 1 : 0;
        return
        [
            [0, lastFreq, 0, gpu >= 0 ? gpu : 0],
            [space.SplitLayers.Length - 1, lastFreq, edgeMode, cpuCloud >= 0 ? cpuCloud : 0],
        ];
    }

    public static List<ConfigurationProfile> ParetoFront(IReadOnlyList<ConfigurationProfile> measured)
    {
        var objectives = measured.Select(p => (IReadOnlyList<double>)p.Objectives()).ToList();
        return Dominance.NonDominatedIndices(objectives).Select(i => measured[i]).ToList();
    }
}
