namespace Splitwise.Testbed.Simulation;

/// <summary>The table row of one policy: latency percentiles (nearest rank), time to first token, energy per request, link bytes, queue growth.</summary>
public sealed record PolicySummary(
    string Policy,
    int Requests,
    double MeanLatencySeconds,
    double P50LatencySeconds,
    double P95LatencySeconds,
    double P99LatencySeconds,
    double MeanTtftSeconds,
    double MeanEdgeEnergyJ,
    double MeanCloudEnergyJ,
    double MeanBytesUp,
    double MeanBytesDown,
    double QueueGrewPercent,
    int RejectedPlans,
    string? InfeasibleReason,
    double WallSeconds,
    string? Unstable = null)
{
    public bool Infeasible => InfeasibleReason is not null;

    /// <summary>No figures to report: infeasible, or unstable (then the figures cover only the requests served before it stopped).</summary>
    public bool Reportable => !Infeasible && Unstable is null && Requests > 0;

    public static PolicySummary From(PolicyRun run)
    {
        var latencies = run.Requests.Select(r => r.LatencySeconds).Order().ToArray();
        if (latencies.Length == 0)
            return new PolicySummary(run.Policy, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, run.RejectedPlans, run.Infeasible ? run.FirstRejection : null, run.WallSeconds, run.Unstable);
        var grew = 0;
        for (var i = 1; i < run.Epochs.Count; i++)
            grew += run.Epochs[i].EdgeQueueLength > run.Epochs[i - 1].EdgeQueueLength ? 1 : 0;
        return new PolicySummary(
            run.Policy, run.Requests.Count, latencies.Average(), Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            run.Requests.Average(r => r.TimeToFirstTokenSeconds), run.Requests.Average(r => r.EdgeEnergyJ), run.Requests.Average(r => r.CloudEnergyJ),
            run.Requests.Average(r => (double)r.BytesUp), run.Requests.Average(r => (double)r.BytesDown),
            run.Epochs.Count > 1 ? 100.0 * grew / (run.Epochs.Count - 1) : 0, run.RejectedPlans,
            run.Infeasible ? run.FirstRejection : null, run.WallSeconds, run.Unstable);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("no values");
        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
