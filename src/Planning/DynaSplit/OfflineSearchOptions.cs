namespace Splitwise.Planning.DynaSplit;

/// <summary>Knobs of the offline phase. The paper searched 20% of the space with NSGA-III.</summary>
public sealed record OfflineSearchOptions
{
    /// <summary>Fraction of the valid configuration space that may be measured (0, 1].</summary>
    public double BudgetFraction { get; init; } = 0.2;

    public int Seed { get; init; } = 1;

    /// <summary>Das-Dennis divisions for the 3 objectives: 5 gives 21 reference directions.</summary>
    public int ReferenceDivisions { get; init; } = 5;

    public int PopulationSize { get; init; } = 24;

    /// <summary>A safety stop; the budget normally ends the run first.</summary>
    public int MaxGenerations { get; init; } = 1000;
}
