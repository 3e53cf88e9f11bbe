namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// Where one policy stands in a scenario, on the means over seeds: its rank by mean latency among the policies that ran
/// (the clairvoyant one left out: it sees the coming link), whether it is below every baseline and the myopic
/// drift-plus-penalty controller, and the paper's three comparisons: against the best layer-wise partitioner (the
/// fastest of <see cref="ScenarioResult.LayerwisePartitioners"/>) x lower mean latency and % less edge energy per
/// request, and % lower p95 latency than cloud-only (NaN where the reference did not run or is not stable).
/// </summary>
public sealed record PolicyComparison(
    string Policy,
    int Rank,
    int Ranked,
    bool BelowEveryBaseline,
    IReadOnlyList<string> NotBelow,
    string? BestLayerwise,
    double LatencyTimesLowerThanLayerwise,
    double EnergySavingVsLayerwisePercent,
    double P95LowerThanCloudOnlyPercent,
    double WorstSeedOvershootPercent);
