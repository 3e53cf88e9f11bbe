using ScottPlot;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>PNG bar charts of a replay/simulation: mean energy, latency (mean and median) and violations per strategy.</summary>
public static class DynasplitPlots
{
    public static List<string> Write(string directory, IReadOnlyList<StrategyOutcome> outcomes, string label)
    {
        Directory.CreateDirectory(directory);
        var names = outcomes.Select(o => o.Strategy).ToArray();
        return
        [
            Bars(directory, $"{label}-energy.png", $"Mean energy per request ({label})", "J", names, outcomes.Select(o => o.MeanEnergyJ).ToArray()),
            Bars(directory, $"{label}-latency.png", $"Mean latency per request ({label})", "ms", names, outcomes.Select(o => o.MeanLatencyMs).ToArray()),
            Bars(directory, $"{label}-violations.png", $"Threshold violations ({label}, of {outcomes[0].Requests.Count})", "requests", names,
                outcomes.Select(o => (double)o.Violations).ToArray()),
        ];
    }

    private static string Bars(string directory, string file, string title, string unit, string[] names, double[] values)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(values);
        foreach (var bar in bars.Bars)
            bar.Label = bar.Value.ToString(bar.Value >= 100 ? "F0" : "F2", System.Globalization.CultureInfo.InvariantCulture);
        bars.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray(), names);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.YLabel(unit);
        var path = Path.Combine(directory, file);
        plot.SavePng(path, 1100, 520);
        return path;
    }
}
