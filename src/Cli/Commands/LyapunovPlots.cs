using ScottPlot;
using Splitwise.Testbed.Environment;

namespace Splitwise.Cli.Commands;

/// <summary>PNGs of `bench lyapunov`: each queue over time per run, and mean latency vs mean queue over the V sweep.</summary>
public static class LyapunovPlots
{
    public static List<string> Write(string directory, string label, IReadOnlyList<string> queues, IReadOnlyList<LyapunovRun.Result> runs, IReadOnlyList<LyapunovRun.Result> sweep)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var run in runs)
        {
            var plot = new Plot();
            // At most 2,000 points per line: the maximum over each stretch of epochs.
            var k = (int)Math.Max(1, run.Epochs / 2000);
            for (var q = 0; q < queues.Count; q++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (var i = 0; i < run.Backlogs.Length; i += k)
                {
                    xs.Add(i);
                    ys.Add(run.Backlogs.Skip(i).Take(k).Max(b => b[q]));
                }

                plot.Add.ScatterLine(xs.ToArray(), ys.ToArray()).LegendText = queues[q];
            }

            plot.Axes.Bottom.Label.Text = "epoch";
            plot.Axes.Left.Label.Text = "queue (budget shares; requests)";
            plot.Title($"Queues over time: {run.Policy}, V = {run.V:G3} ({label})");
            plot.ShowLegend(Alignment.UpperLeft);
            files.Add(Save(plot, directory, $"{label}-{run.Policy}-queues.png"));
        }

        // V spans decades: log10 V on the x axis (a V of 0 cannot be placed and is left out of the plot).
        var placed = sweep.Where(r => r.V > 0).ToArray();
        var logV = placed.Select(r => Math.Log10(r.V)).ToArray();
        var trade = new Plot();
        var penalty = trade.Add.ScatterLine(logV, placed.Select(r => r.MeanLatencySeconds).ToArray());
        penalty.LegendText = "mean latency, s (penalty)";
        var queue = trade.Add.ScatterLine(logV, placed.Select(r => r.MeanBacklog.Take(3).Sum()).ToArray());
        queue.LegendText = "time-average sum of virtual queues";
        queue.Axes.YAxis = trade.Axes.Right;
        trade.Axes.Bottom.Label.Text = "log10 V";
        trade.Axes.Left.Label.Text = "mean latency, s";
        trade.Axes.Right.Label.Text = "mean sum of virtual queues";
        trade.Title($"[O(1/V), O(V)] trade-off ({label})");
        trade.ShowLegend(Alignment.UpperCenter);
        files.Add(Save(trade, directory, $"{label}-v-tradeoff.png"));
        return files;
    }

    private static string Save(Plot plot, string directory, string file)
    {
        var path = Path.Combine(directory, file);
        plot.SavePng(path, 900, 500);
        return path;
    }
}
