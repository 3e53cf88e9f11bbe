using ScottPlot;

namespace Splitwise.Cli.Load;

/// <summary>PNGs of a load test: the latency and TTFT CDFs, and p99 latency and resident memory per window over the run.</summary>
public static class LoadPlots
{
    public static List<string> Write(string directory, IReadOnlyList<RequestResult> results, LoadReport report)
    {
        Directory.CreateDirectory(directory);
        var ok = results.Where(r => r.Outcome == RequestResult.Ok).ToList();
        var cdf = new Plot();
        Cdf(cdf, ok.Select(r => r.LatencyMs), "latency");
        Cdf(cdf, ok.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value), "time to first token");
        cdf.Axes.Bottom.Label.Text = "ms from arrival";
        cdf.Axes.Left.Label.Text = "fraction of requests";
        cdf.Title($"Load test: {report.Ok} requests, {report.RequestsPerSecond:F2} req/s ({report.Mode})");
        cdf.ShowLegend(Alignment.LowerRight);

        var timeline = new Plot();
        var windows = report.Timeline.Where(w => w.P99LatencyMs is not null).ToArray();
        var p99 = timeline.Add.ScatterLine(windows.Select(w => w.EndSeconds).ToArray(), windows.Select(w => w.P99LatencyMs!.Value).ToArray());
        p99.LegendText = "p99 latency, ms (left)";
        var rss = timeline.Add.ScatterLine(report.Timeline.Select(w => w.EndSeconds).ToArray(), report.Timeline.Select(w => w.WatchedRssMb ?? w.RssMb).ToArray());
        rss.LegendText = report.Timeline.Any(w => w.WatchedRssMb is not null) ? "RSS of the watched host, MB (right)" : "RSS of this process, MB (right)";
        rss.Axes.YAxis = timeline.Axes.Right;
        // From zero, so a flat line reads as flat and a leak as a slope, not a few hundred kB blown up.
        var top = report.Timeline.Select(w => w.WatchedRssMb ?? w.RssMb).DefaultIfEmpty(1).Max();
        timeline.Axes.SetLimitsY(0, top * 1.15, timeline.Axes.Right);
        timeline.Axes.Bottom.Label.Text = "seconds into the run";
        timeline.Axes.Left.Label.Text = "p99 latency, ms";
        timeline.Axes.Right.Label.Text = "RSS, MB";
        timeline.Title("p99 latency and memory over the run");
        timeline.ShowLegend(Alignment.LowerRight);
        return [Save(cdf, directory, "loadtest-cdf.png"), Save(timeline, directory, "loadtest-timeline.png")];
    }

    private static void Cdf(Plot plot, IEnumerable<double> values, string label)
    {
        var xs = values.Order().ToArray();
        if (xs.Length == 0)
            return;
        var ys = Enumerable.Range(1, xs.Length).Select(i => (double)i / xs.Length).ToArray();
        plot.Add.ScatterLine(xs, ys).LegendText = label;
    }

    private static string Save(Plot plot, string directory, string file)
    {
        var path = Path.Combine(directory, file);
        plot.SavePng(path, 1100, 520);
        return path;
    }
}
