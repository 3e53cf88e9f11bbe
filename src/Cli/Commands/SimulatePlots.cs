using ScottPlot;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Cli.Commands;

/// <summary>PNGs of a `simulate` run: latency CDF per policy, p95 latency and edge energy bars, edge queue over time.</summary>
public static class SimulatePlots
{
    public static List<string> Write(string directory, IReadOnlyList<PolicyRun> runs, IReadOnlyList<PolicySummary> rows, string label)
    {
        Directory.CreateDirectory(directory);
        var feasible = rows.Select((r, i) => (r, run: runs[i])).Where(x => x.r.Reportable).ToArray();
        var names = feasible.Select(x => x.r.Policy).ToArray();
        return
        [
            Cdf(directory, label, feasible.Select(x => x.run).ToArray()),
            Bars(directory, $"{label}-p95.png", $"p95 latency ({label})", "s", names, feasible.Select(x => x.r.P95LatencySeconds).ToArray()),
            Bars(directory, $"{label}-energy.png", $"Edge energy per request ({label})", "J", names, feasible.Select(x => x.r.MeanEdgeEnergyJ).ToArray()),
            Queue(directory, label, feasible.Select(x => x.run).ToArray()),
        ];
    }

    private static string Cdf(string directory, string label, IReadOnlyList<PolicyRun> runs)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            var xs = run.Requests.Select(r => r.LatencySeconds).Order().ToArray();
            var ys = Enumerable.Range(1, xs.Length).Select(i => (double)i / xs.Length).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = run.Policy;
        }

        plot.Axes.Bottom.Label.Text = "end-to-end latency, s";
        plot.Axes.Left.Label.Text = "fraction of requests";
        plot.Title($"Latency CDF ({label})");
        plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, directory, $"{label}-latency-cdf.png");
    }

    private static string Queue(string directory, string label, IReadOnlyList<PolicyRun> runs)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            // At most 2,000 points per line: every k-th epoch, the maximum queue over the k.
            var k = Math.Max(1, run.Epochs.Count / 2000);
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < run.Epochs.Count; i += k)
            {
                xs.Add(run.Epochs[i].TimeSeconds / 3600);
                ys.Add(run.Epochs.Skip(i).Take(k).Max(e => e.EdgeQueueLength));
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = run.Policy;
        }

        plot.Axes.Bottom.Label.Text = "simulated time, h";
        plot.Axes.Left.Label.Text = "requests waiting at the edge";
        plot.Title($"Edge queue over time ({label})");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, directory, $"{label}-queue.png");
    }

    private static string Bars(string directory, string file, string title, string unit, string[] names, double[] values)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(values);
        foreach (var bar in bars.Bars)
            bar.Label = bar.Value.ToString(bar.Value >= 100 ? "F0" : "F2", System.Globalization.CultureInfo.InvariantCulture);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray(), names);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.YLabel(unit);
        return Save(plot, directory, file);
    }

    private static string Save(Plot plot, string directory, string file)
    {
        var path = Path.Combine(directory, file);
        plot.SavePng(path, 1100, 520);
        return path;
    }
}
