using ScottPlot;
using Splitwise.Testbed.Learning;

namespace Splitwise.Cli.Commands;

/// <summary>`train-policy`'s learning curve: the mean reward per epoch of each update's rollouts, and their mean latency (right axis).</summary>
public static class TrainPolicyPlots
{
    /// <param name="imitationUpdates">the first updates that were behaviour cloning (marked by a vertical line where they end).</param>
    public static void Write(string path, string label, IReadOnlyList<UpdateReport> curve, int imitationUpdates = 0)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            Directory.CreateDirectory(dir);
        var plot = new Plot();
        var xs = curve.Select(r => (double)r.Update).ToArray();
        var reward = plot.Add.ScatterLine(xs, curve.Select(r => r.MeanReward).ToArray());
        reward.LegendText = "mean reward per epoch (minus the drift-plus-penalty)";
        var served = curve.Where(r => double.IsFinite(r.MeanLatencySeconds)).ToArray();
        if (served.Length > 0)
        {
            var latency = plot.Add.ScatterLine(served.Select(r => (double)r.Update).ToArray(), served.Select(r => r.MeanLatencySeconds).ToArray());
            latency.LegendText = "mean latency of the rollouts' requests, s";
            latency.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "latency, s";
        }

        if (imitationUpdates > 0)
        {
            var end = plot.Add.VerticalLine(imitationUpdates + 0.5);
            end.LegendText = $"updates 1-{imitationUpdates}: behaviour cloning of the drift-plus-penalty controller; PPO after";
            end.LinePattern = LinePattern.Dashed;
        }

        plot.Axes.Bottom.Label.Text = "update";
        plot.Axes.Left.Label.Text = "reward";
        plot.Title($"Learning curve: {label}");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 500);
    }
}
