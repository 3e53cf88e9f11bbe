using System.Globalization;
using System.Text;
using Splitwise.Testbed.Evaluation;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench controller`'s tables, as fixed-width text for the terminal and as markdown for README: per scenario one row per
/// policy (means over seeds) plus the bound, and the "paper vs ours" table of issue 11's targets for each controller.
/// </summary>
public static class ControllerTables
{
    private static readonly string[] ScenarioHeader =
    [
        "policy", "mean s", "p95 s", "TTFT s", "edge J/req", "edge W", "USD/h", "loss b/B", "usage E/C/L", "over% worst",
        "x clairv.", "x bound", "rank", "vs best LW", "energy vs LW", "p95 vs cloud",
    ];

    private static readonly string[] PaperHeader =
    [
        "scenario", "controller", "budgets (over <= 1%)", "x clairvoyant (<= 1.05)", "below every baseline + DPP", "x bound (mean)",
        "latency vs best layer-wise (paper 1.4-2.8x lower)", "edge energy vs best layer-wise (paper up to 41% less)", "p95 vs cloud-only (paper 53-61% lower)",
    ];

    public static string Scenario(ScenarioResult s, bool markdown)
    {
        var rows = s.Means.Select(m => Row(s, m)).ToList();
        rows.Add(["lower bound", F(s.BoundMeanSeconds, 2), F(s.BoundP95Seconds, 2), F(s.Seeds.Average(x => x.BoundMeanTtftSeconds), 2), .. Enumerable.Repeat("", ScenarioHeader.Length - 4)]);
        return Format(ScenarioHeader, rows, markdown);
    }

    /// <summary>Issue 11's targets per scenario for each controller that ran (the learned one and the myopic drift-plus-penalty one).</summary>
    public static string Paper(IReadOnlyList<ScenarioResult> results, IReadOnlyList<string> controllers, bool markdown)
    {
        var rows = new List<string[]>();
        foreach (var s in results)
        {
            foreach (var c in controllers.Where(c => s.Mean(c) is not null))
            {
                var checks = TargetCheck.For(s, c);
                if (checks.Count == 1)
                {
                    rows.Add([s.Scenario.Name, c, checks[0].OursText, "", "", "", "", "", ""]);
                    continue;
                }

                rows.Add([s.Scenario.Name, c, .. checks.Select(k => k.Met is null && k.Target == "ratio to the bound" ? k.OursText : $"{k.OursText}: {k.Verdict}")]);
            }
        }

        return Format(PaperHeader, rows, markdown);
    }

    private static string[] Row(ScenarioResult s, PolicyMetrics m)
    {
        if (!m.IsOk)
            return [m.Policy, m.Why, .. Enumerable.Repeat("", ScenarioHeader.Length - 2)];
        var c = s.Comparison(m.Policy)!;
        var u = m.Usage;
        return
        [
            m.Policy, F(m.MeanLatencySeconds, 2), F(m.P95LatencySeconds, 2), F(m.MeanTtftSeconds, 2), F(m.EdgeEnergyJPerRequest, 0), F(m.EdgePowerW, 2),
            F(m.CloudDollarsPerHour, 4), F(m.CodecLossBitsPerByte, 4), $"{F(u.EdgePower, 2)}/{F(u.CloudSpend, 2)}/{F(u.CodecLoss, 2)}",
            F(c.WorstSeedOvershootPercent, 1), F(m.OverClairvoyant, 3), F(m.MeanOverBound, 2), c.Rank == 0 ? "-" : $"{c.Rank}/{c.Ranked}",
            $"{F(c.LatencyTimesLowerThanLayerwise, 2)}x", $"{F(c.EnergySavingVsLayerwisePercent, 1)}%", $"{F(c.P95LowerThanCloudOnlyPercent, 1)}%",
        ];
    }

    private static string Format(string[] header, IReadOnlyList<string[]> rows, bool markdown)
    {
        var text = new StringBuilder();
        if (markdown)
        {
            text.AppendLine($"| {string.Join(" | ", header)} |");
            text.AppendLine($"|{string.Concat(header.Select(_ => " --- |"))}");
            foreach (var r in rows)
                text.AppendLine($"| {string.Join(" | ", r)} |");
            return text.ToString();
        }

        // The first cell of a row that says why a policy has no figures runs across the rest.
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Where(r => r.Count(x => x.Length > 0) > 3).Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        text.AppendLine(string.Join("  ", header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))).TrimEnd());
        foreach (var r in rows)
            text.AppendLine(r.Count(x => x.Length > 0) > 3
                ? string.Join("  ", r.Select((x, i) => i == 0 ? x.PadRight(widths[i]) : x.PadLeft(widths[i]))).TrimEnd()
                : string.Join("  ", r.Take(Array.FindLastIndex(r, x => x.Length > 0) + 1).Select((x, i) => i == 0 ? x.PadRight(widths[i]) : x == r.Last(y => y.Length > 0) ? x : x.PadLeft(widths[i]))));
        return text.ToString();
    }

    private static string F(double v, int decimals) => double.IsNaN(v) ? "n/a" : v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
