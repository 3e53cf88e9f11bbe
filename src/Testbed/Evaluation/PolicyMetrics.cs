using Splitwise.Testbed.Bounds;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Evaluation;

/// <summary>Whether a policy's figures are its own: it ran, or why not.</summary>
public enum RunStatus
{
    Ok,

    /// <summary>The edge queue grew past the run's limit: latency grows without bound at this load.</summary>
    Unstable,

    /// <summary>The edge memory refused every plan it chose (its figures would be the fallback's).</summary>
    Infeasible,

    /// <summary>A learned policy whose file is not there (the note says the command that trains it).</summary>
    NotTrained,

    /// <summary>A learned policy whose file is there but unusable (another network shape, truncated): the note says why.</summary>
    BadFile,
}

/// <summary>
/// One policy on one world (scenario x seed): latency (mean, p95 by nearest rank), time to first token, edge energy per
/// request and the edge's average power (idle included), cloud spend, the token-weighted codec loss, and each budget's
/// time-average usage over the run (1 = on budget; 0 for no budget) with its overshoot (usage - 1, at least 0, in %),
/// and the ratios to the lower bound (mean, p95). <see cref="OverClairvoyant"/> is set once the clairvoyant policy ran.
/// </summary>
public sealed record PolicyMetrics(
    string Policy,
    RunStatus Status,
    string? Note,
    int Served,
    double MeanLatencySeconds,
    double P95LatencySeconds,
    double MeanTtftSeconds,
    double EdgeEnergyJPerRequest,
    double EdgePowerW,
    double CloudDollarsPerHour,
    double CloudDollarsPerRequest,
    double CodecLossBitsPerByte,
    BudgetFigures Usage,
    BudgetFigures OvershootPercent,
    double MeanOverBound,
    double P95OverBound,
    double WallSeconds)
{
    public double OverClairvoyant { get; init; } = double.NaN;

    public bool IsOk => Status == RunStatus.Ok;

    /// <summary>Why there are no figures: "unstable: ...", "infeasible: ...", or the not-trained note as it is.</summary>
    public string Why => Status switch
    {
        RunStatus.NotTrained => Note ?? "not trained",
        RunStatus.BadFile => $"bad policy file: {Note}",
        _ => $"{Status.ToString().ToLowerInvariant()}: {Note}",
    };

    /// <summary>Every budget's time-average overshoot within <paramref name="tolerancePercent"/>.</summary>
    public bool BudgetsHeld(double tolerancePercent = 1) => IsOk && OvershootPercent.Max <= tolerancePercent;

    public static PolicyMetrics Missing(string policy, RunStatus status, string note) =>
        new(policy, status, note, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            BudgetFigures.NaN, BudgetFigures.NaN, double.NaN, double.NaN, 0);

    /// <summary>The figures of one run against the scenario's budgets and the world's lower bound.</summary>
    public static PolicyMetrics From(EnvironmentRun.Result run, Budgets.Budgets budgets, LatencyLowerBound.Result bound, double epochSeconds)
    {
        if (run.Epochs.Count > 0 && run.Rejected == run.Epochs.Count)
            return Missing(run.Policy, RunStatus.Infeasible, "the edge memory refused every plan it chose") with { WallSeconds = run.WallSeconds };
        if (run.Unstable is not null || run.Requests.Count == 0)
            return Missing(run.Policy, RunStatus.Unstable, run.Unstable ?? "no request completed") with { Served = run.Requests.Count, WallSeconds = run.WallSeconds };
        var done = run.Requests;
        var latencies = done.Select(r => r.LatencySeconds).Order().ToArray();
        var seconds = Math.Max(1e-9, run.Epochs.Count * epochSeconds);
        var energy = run.Epochs.Sum(e => e.EdgeEnergyJ);
        var dollars = run.Epochs.Sum(e => e.CloudDollars);
        var tokens = run.Epochs.Sum(e => (double)e.Tokens);
        var loss = tokens > 0 ? run.Epochs.Sum(e => e.CodecLossBitsPerByte * e.Tokens) / tokens : 0;
        var raw = budgets.Usage(energy, dollars, loss, seconds);
        var usage = new BudgetFigures(raw.EdgePower, raw.CloudSpend, raw.CodecLoss);
        var bounds = done.Select(r => bound.LatencySeconds[r.Id]).Order().ToArray();
        var p95 = PolicySummary.Percentile(latencies, 0.95);
        return new PolicyMetrics(run.Policy, RunStatus.Ok, null, done.Count, latencies.Average(), p95, done.Average(r => r.TimeToFirstTokenSeconds),
            done.Average(r => r.EdgeEnergyJ), energy / seconds, dollars * 3600 / seconds, done.Average(r => r.CloudDollars), loss,
            usage, usage.Select(u => 100 * Math.Max(0, u - 1)), latencies.Average() / bounds.Average(), p95 / PolicySummary.Percentile(bounds, 0.95),
            run.WallSeconds);
    }
}

/// <summary>One figure per long-term budget: edge power, cloud spend, codec (accuracy) loss.</summary>
public readonly record struct BudgetFigures(double EdgePower, double CloudSpend, double CodecLoss)
{
    public static BudgetFigures NaN { get; } = new(double.NaN, double.NaN, double.NaN);

    public double Max => Math.Max(EdgePower, Math.Max(CloudSpend, CodecLoss));

    public BudgetFigures Select(Func<double, double> f) => new(f(EdgePower), f(CloudSpend), f(CodecLoss));

    public static BudgetFigures Mean(IReadOnlyCollection<BudgetFigures> xs) =>
        new(xs.Average(x => x.EdgePower), xs.Average(x => x.CloudSpend), xs.Average(x => x.CodecLoss));
}
