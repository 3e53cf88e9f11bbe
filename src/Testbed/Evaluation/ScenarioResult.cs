using Splitwise.Testbed.Environment;

namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// One scenario over its seeds: each seed's figures, every policy's mean over the seeds (a policy not ok on some seed is
/// not averaged: its row says which seed and why), and each policy's standing (<see cref="PolicyComparison"/>).
/// </summary>
public sealed class ScenarioResult
{
    /// <summary>The one-cut-per-model (or one tier for the whole model) partitioners the paper compares against.</summary>
    public static IReadOnlyList<string> LayerwisePartitioners { get; } = ["neurosurgeon", "best-static-cut", "edge-only", "cloud-only"];

    /// <summary>What a controller must be below: the environment issue's baselines and the myopic drift-plus-penalty controller.</summary>
    public static IReadOnlyList<string> References { get; } = ["edge-only", "cloud-only", "neurosurgeon", "best-static-cut", "greedy", "drift-plus-penalty"];

    public ScenarioResult(Scenario scenario, IReadOnlyList<SeedResult> seeds)
    {
        Scenario = scenario;
        Seeds = seeds;
        var names = seeds.SelectMany(s => s.Policies.Select(p => p.Policy)).Distinct().ToArray();
        Means = names.Select(n => MeanOverSeeds(n, seeds.Select(s => s.Row(n)).OfType<PolicyMetrics>().ToArray())).ToArray();
        BestLayerwise = Means.Where(m => m.IsOk && LayerwisePartitioners.Contains(m.Policy)).MinBy(m => m.MeanLatencySeconds)?.Policy;
        Comparisons = Means.Select(Compare).ToArray();
    }

    public Scenario Scenario { get; }

    public IReadOnlyList<SeedResult> Seeds { get; }

    /// <summary>Each policy's figures averaged over the seeds (ratios too: the mean of the per-seed ratios); the bound's in <see cref="BoundMeanSeconds"/>.</summary>
    public IReadOnlyList<PolicyMetrics> Means { get; }

    public IReadOnlyList<PolicyComparison> Comparisons { get; }

    /// <summary>The fastest layer-wise partitioner that ran on every seed (null if none did).</summary>
    public string? BestLayerwise { get; }

    public double BoundMeanSeconds => Seeds.Average(s => s.BoundMeanSeconds);

    public double BoundP95Seconds => Seeds.Average(s => s.BoundP95Seconds);

    public PolicyMetrics? Mean(string policy) => Means.FirstOrDefault(m => m.Policy == policy);

    public PolicyComparison? Comparison(string policy) => Comparisons.FirstOrDefault(c => c.Policy == policy);

    private static PolicyMetrics MeanOverSeeds(string policy, IReadOnlyList<PolicyMetrics> rows)
    {
        if (rows.FirstOrDefault(r => !r.IsOk) is { } bad)
        {
            var seeds = rows.Count(r => !r.IsOk);
            var same = seeds == rows.Count && rows.All(r => r.Note == bad.Note);
            return PolicyMetrics.Missing(policy, bad.Status, same ? bad.Note! : $"{seeds} of {rows.Count} seeds: {bad.Note}") with
            {
                Served = rows.Sum(r => r.Served), WallSeconds = rows.Sum(r => r.WallSeconds),
            };
        }

        double M(Func<PolicyMetrics, double> f) => rows.Average(f);
        return new PolicyMetrics(policy, RunStatus.Ok, null, rows.Sum(r => r.Served), M(r => r.MeanLatencySeconds), M(r => r.P95LatencySeconds),
            M(r => r.MeanTtftSeconds), M(r => r.EdgeEnergyJPerRequest), M(r => r.EdgePowerW), M(r => r.CloudDollarsPerHour),
            M(r => r.CloudDollarsPerRequest), M(r => r.CodecLossBitsPerByte), BudgetFigures.Mean(rows.Select(r => r.Usage).ToArray()),
            BudgetFigures.Mean(rows.Select(r => r.OvershootPercent).ToArray()), M(r => r.MeanOverBound), M(r => r.P95OverBound), rows.Sum(r => r.WallSeconds))
        {
            OverClairvoyant = M(r => r.OverClairvoyant),
        };
    }

    private PolicyComparison Compare(PolicyMetrics m)
    {
        var ranked = Means.Where(x => x.IsOk && x.Policy != "clairvoyant").ToList();
        // Ties share a rank: 1 + the policies strictly faster.
        var rank = m.IsOk ? 1 + ranked.Count(x => x.MeanLatencySeconds < m.MeanLatencySeconds) : 0;
        // A reference that did not run stably is beaten by any policy that did; one that did must be slower.
        var notBelow = References.Where(r => r != m.Policy && Mean(r) is { IsOk: true } x && (!m.IsOk || x.MeanLatencySeconds <= m.MeanLatencySeconds)).ToArray();
        var layerwise = BestLayerwise is null ? null : Mean(BestLayerwise);
        var cloud = Mean("cloud-only") is { IsOk: true } c ? c : null;
        var worst = Seeds.Select(s => s.Row(m.Policy)).OfType<PolicyMetrics>().Where(r => r.IsOk).Select(r => r.OvershootPercent.Max).DefaultIfEmpty(double.NaN).Max();
        return new PolicyComparison(m.Policy, rank, ranked.Count, m.IsOk && notBelow.Length == 0, notBelow, BestLayerwise,
            layerwise is null || !m.IsOk ? double.NaN : layerwise.MeanLatencySeconds / m.MeanLatencySeconds,
            layerwise is null || !m.IsOk ? double.NaN : 100 * (1 - m.EdgeEnergyJPerRequest / layerwise.EdgeEnergyJPerRequest),
            cloud is null || !m.IsOk ? double.NaN : 100 * (1 - m.P95LatencySeconds / cloud.P95LatencySeconds),
            m.IsOk ? worst : double.NaN);
    }
}
