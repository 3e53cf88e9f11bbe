using Splitwise.Testbed.Bounds;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// The table row of one policy on a scenario: latency percentiles (nearest rank), time to first token, edge energy per
/// request and the edge's average power, cloud spend, the budgets exceeded on the run's average (and the share of
/// epochs over each), and the ratios to the lower bound (mean and p95).
/// </summary>
public sealed record ScenarioSummary(
    string Policy,
    int Requests,
    double MeanLatencySeconds,
    double P50LatencySeconds,
    double P95LatencySeconds,
    double P99LatencySeconds,
    double MeanTtftSeconds,
    double EdgeEnergyJPerRequest,
    double EdgePowerW,
    double CloudDollarsPerHour,
    double CloudDollarsPerRequest,
    double MigratedKBPerRequest,
    IReadOnlyList<string> BudgetsExceeded,
    double EpochsOverBudgetPercent,
    double MeanOverBound,
    double P95OverBound,
    int RefusedPlans,
    double WallSeconds,
    string? Unstable)
{
    /// <summary>The edge memory refused every plan the policy chose: its figures are the fallback cloud session's, not its own.</summary>
    public bool Infeasible { get; init; }

    public static ScenarioSummary From(EnvironmentRun.Result run, Budgets.Budgets budgets, LatencyLowerBound.Result bound)
    {
        var done = run.Requests;
        if (done.Count == 0)
            return new ScenarioSummary(run.Policy, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, [], double.NaN, double.NaN, double.NaN, run.Rejected, run.WallSeconds, run.Unstable);
        var latencies = done.Select(r => r.LatencySeconds).Order().ToArray();
        var seconds = Math.Max(1e-9, run.Epochs.Count * (run.Epochs.Count > 1 ? run.Epochs[1].TimeSeconds - run.Epochs[0].TimeSeconds : 1));
        var energy = run.Epochs.Sum(e => e.EdgeEnergyJ);
        var dollars = run.Epochs.Sum(e => e.CloudDollars);
        var tokens = run.Epochs.Sum(e => (double)e.Tokens);
        var loss = tokens > 0 ? run.Epochs.Sum(e => e.CodecLossBitsPerByte * e.Tokens) / tokens : 0;
        var usage = budgets.Usage(energy, dollars, loss, seconds);
        var exceeded = new List<string>();
        if (usage.EdgePower > 1) exceeded.Add($"edge power {energy / seconds:G3} W > {budgets.EdgePowerW:G3} W");
        if (usage.CloudSpend > 1) exceeded.Add($"cloud {dollars * 3600 / seconds:G3} USD/h > {budgets.CloudDollarsPerHour:G3}");
        if (usage.CodecLoss > 1) exceeded.Add($"codec loss {loss:G3} > {budgets.CodecLossBitsPerByte:G3} bits/byte");
        var boundIds = done.Select(r => bound.LatencySeconds[r.Id]).Order().ToArray();
        return new ScenarioSummary(run.Policy, done.Count, latencies.Average(), PolicySummary.Percentile(latencies, 0.5), PolicySummary.Percentile(latencies, 0.95),
            PolicySummary.Percentile(latencies, 0.99), done.Average(r => r.TimeToFirstTokenSeconds), done.Average(r => r.EdgeEnergyJ), energy / seconds,
            dollars * 3600 / seconds, done.Average(r => r.CloudDollars), done.Average(r => r.MigratedBytes / 1e3), exceeded,
            100.0 * run.Epochs.Count(e => e.Budgets.Violated) / run.Epochs.Count,
            latencies.Average() / boundIds.Average(), PolicySummary.Percentile(latencies, 0.95) / PolicySummary.Percentile(boundIds, 0.95),
            run.Rejected, run.WallSeconds, run.Unstable) { Infeasible = run.Rejected == run.Epochs.Count };
    }
}
