using System.Globalization;

namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// One target of issue 11 for one controller in one scenario: what the issue (or the paper) asks, our figure, and
/// whether it is met (null: reported only, no threshold). Checked on the means over seeds, budgets on the worst seed.
/// </summary>
public sealed record TargetCheck(string Target, string Asked, double Ours, string OursText, bool? Met)
{
    public const double MaxOvershootPercent = 1;
    public const double MaxOverClairvoyant = 1.05;
    public const double PaperLatencyLow = 1.4, PaperLatencyHigh = 2.8, PaperEnergySavingPercent = 41, PaperP95Low = 53, PaperP95High = 61;

    public string Verdict => Met switch { true => "met", false => "MISSED", null => "reported" };

    /// <summary>Every target for <paramref name="policy"/> in <paramref name="scenario"/> (empty if it never ran there).</summary>
    public static IReadOnlyList<TargetCheck> For(ScenarioResult scenario, string policy)
    {
        if (scenario.Mean(policy) is not { } m || scenario.Comparison(policy) is not { } c)
            return [];
        if (!m.IsOk)
            return [new TargetCheck("runs", "stable and feasible on every seed", double.NaN, m.Why, false)];
        var layerwise = c.BestLayerwise ?? "none ran";
        return
        [
            new("budgets held", $"time-average overshoot of every budget <= {MaxOvershootPercent:G}%", c.WorstSeedOvershootPercent,
                $"{F(c.WorstSeedOvershootPercent, 2)}% (worst seed)", c.WorstSeedOvershootPercent <= MaxOvershootPercent),
            new("latency vs clairvoyant", $"mean <= {MaxOverClairvoyant:G}x clairvoyant", m.OverClairvoyant, $"{F(m.OverClairvoyant, 3)}x",
                m.OverClairvoyant <= MaxOverClairvoyant),
            new("below every baseline and DPP", "mean latency below edge-only, cloud-only, neurosurgeon, best-static-cut, greedy, drift-plus-penalty", c.Rank,
                $"rank {c.Rank} of {c.Ranked}" + (c.NotBelow.Count == 0 ? "" : $"; not below {string.Join(", ", c.NotBelow)}"), c.BelowEveryBaseline),
            new("ratio to the bound", "reported", m.MeanOverBound, $"{F(m.MeanOverBound, 2)}x mean, {F(m.P95OverBound, 2)}x p95", null),
            new("latency vs best layer-wise", $"paper: {PaperLatencyLow:G}-{PaperLatencyHigh:G}x lower", c.LatencyTimesLowerThanLayerwise,
                $"{F(c.LatencyTimesLowerThanLayerwise, 2)}x lower than {layerwise}", Check(c.LatencyTimesLowerThanLayerwise, PaperLatencyLow)),
            new("edge energy vs best layer-wise", $"paper: up to {PaperEnergySavingPercent:G}% less", c.EnergySavingVsLayerwisePercent,
                $"{F(c.EnergySavingVsLayerwisePercent, 1)}% less than {layerwise}",
                double.IsNaN(c.EnergySavingVsLayerwisePercent) ? null : c.EnergySavingVsLayerwisePercent > 0),
            new("p95 vs cloud-only", $"paper: {PaperP95Low:G}-{PaperP95High:G}% lower", c.P95LowerThanCloudOnlyPercent,
                $"{F(c.P95LowerThanCloudOnlyPercent, 1)}% lower", Check(c.P95LowerThanCloudOnlyPercent, PaperP95Low)),
        ];
    }

    private static bool? Check(double ours, double atLeast) => double.IsNaN(ours) ? null : ours >= atLeast;

    private static string F(double v, int decimals) => double.IsNaN(v) ? "n/a" : v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
