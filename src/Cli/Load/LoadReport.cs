namespace Splitwise.Cli.Load;

/// <summary>Percentiles of one figure over the successful requests, in milliseconds; null when there were none.</summary>
public sealed record Percentiles(double P50, double P95, double P99, double Mean)
{
    public static Percentiles? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null : new Percentiles(
            Testbed.Load.LoadStatistics.Quantile(sorted, 0.50), Testbed.Load.LoadStatistics.Quantile(sorted, 0.95),
            Testbed.Load.LoadStatistics.Quantile(sorted, 0.99), sorted.Average());
    }
}

/// <summary>One window of the timeline: requests that ended in it, their p99 latency, resident memory at its end.</summary>
public sealed record TimelineWindow(double EndSeconds, int Completed, double? P99LatencyMs, double RssMb, double? WatchedRssMb);

/// <summary>
/// The figures of a load test: request throughput (successful requests per second of the run), token throughput,
/// latency / TTFT / time per output token percentiles over the successful requests, errors and timeouts, and the
/// timeline (p99 latency and RSS per window) that says whether a sustained run stayed flat.
/// </summary>
public sealed record LoadReport(
    string Target, string Workload, string Mode, int Concurrency, double WallSeconds, int Sent, int Ok, int Errors, int Timeouts,
    double RequestsPerSecond, double TokensPerSecond, Percentiles? LatencyMs, Percentiles? TtftMs, Percentiles? TpotMs,
    IReadOnlyList<string> ErrorSamples, IReadOnlyList<TimelineWindow> Timeline)
{
    public static LoadReport From(string target, string workload, string mode, int concurrency, double wallSeconds,
        IReadOnlyList<RequestResult> results, IReadOnlyList<(double Seconds, double SelfMb, double? WatchedMb)> rss, double windowSeconds)
    {
        var ok = results.Where(r => r.Outcome == RequestResult.Ok).ToList();
        var timeline = new List<TimelineWindow>();
        for (var end = windowSeconds; end < wallSeconds + windowSeconds; end += windowSeconds)
        {
            var start = end - windowSeconds;
            var ended = ok.Where(r => r.EndSeconds >= start && r.EndSeconds < end).ToList();
            var memory = rss.Where(s => s.Seconds < end).DefaultIfEmpty(rss.Count > 0 ? rss[^1] : (0, 0, null)).Last();
            timeline.Add(new TimelineWindow(Math.Round(end, 3), ended.Count, Percentiles.Of(ended.Select(r => r.LatencyMs))?.P99,
                Math.Round(memory.SelfMb, 1), memory.WatchedMb is { } w ? Math.Round(w, 1) : null));
        }

        return new LoadReport(target, workload, mode, concurrency, wallSeconds, results.Count, ok.Count,
            results.Count(r => r.Outcome == RequestResult.Failed), results.Count(r => r.Outcome == RequestResult.TimedOut),
            ok.Count / wallSeconds, ok.Sum(r => r.Tokens) / wallSeconds,
            Percentiles.Of(ok.Select(r => r.LatencyMs)), Percentiles.Of(ok.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value)),
            Percentiles.Of(ok.Where(r => r.TpotMs is not null).Select(r => r.TpotMs!.Value)),
            results.Where(r => r.Error is not null).Select(r => r.Error!).Distinct().Take(3).ToList(), timeline);
    }
}
