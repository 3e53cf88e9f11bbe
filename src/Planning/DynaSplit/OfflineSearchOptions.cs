namespace Splitwise.Planning.DynaSplit;

/// <summary>Knobs of the offline phase. The paper searched 20% of the space with NSGA-III.</summary>
public sealed record OfflineSearchOptions
{
    /// <summary>Fraction of the valid configuration space that may be measured (0, 1].</summary>
    public double BudgetFraction { get; init; } = 0.2;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Das-Dennis divisions: 3 gives 10 directions for 3 objectives, the default of Optuna's
    /// NSGAIIISampler that the paper's code uses (its population size default, 50, too).
    /// </summary>
    public int ReferenceDivisions { get; init; } = 3;

    public int PopulationSize { get; init; } = 50;

    /// <summary>
    /// Start the search from the two anchors anyone would measure first: cloud only and edge only with every
    /// hardware knob at its fastest setting. They cost budget like any other measurement.
    /// </summary>
    public bool SeedFastestAnchors { get; init; }

    /// <summary>
    /// Measurements of the budget held back from NSGA-III and spent after it by <see cref="ReservedMeasurements"/>
    /// (anchors, then repeat runs). 0 = the paper's offline phase, where NSGA-III spends the whole budget.
    /// </summary>
    public int ReservedMeasurements { get; init; }

    /// <summary>Runs per configuration the reserve may reach with repeats.</summary>
    public int MaxRunsPerConfiguration { get; init; } = 6;

    /// <summary>A safety stop; the budget normally ends the run first.</summary>
    public int MaxGenerations { get; init; } = 1000;
}
