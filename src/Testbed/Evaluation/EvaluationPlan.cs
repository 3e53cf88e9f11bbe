using Splitwise.Testbed.Environment;

namespace Splitwise.Testbed.Evaluation;

/// <summary>
/// What `bench controller` runs: scenarios x seeds (each seed an evaluation trace of the scenario's family and its own
/// requests), the requests per world (null = the scenario's own count), and the policies by catalog name; the
/// clairvoyant policy runs whether listed or not (every ratio needs it) and the lower bound is always computed. The
/// learned policies load DIR/NAME-SCENARIO.policy from <see cref="PolicyDirectory"/> (null = policies/).
/// </summary>
public sealed record EvaluationPlan(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<int> Seeds, int? Requests, IReadOnlyList<string> Policies, bool MoveInFlight = false,
    string? PolicyDirectory = null)
{
    public const string Clairvoyant = "clairvoyant";

    /// <summary>The policies in the order they run: as listed, the clairvoyant one added last when missing.</summary>
    public IReadOnlyList<string> PoliciesToRun => Policies.Contains(Clairvoyant) ? Policies : [.. Policies, Clairvoyant];

    /// <summary>The worlds, in order: every scenario's seeds.</summary>
    public IEnumerable<(Scenario Scenario, int Seed)> Worlds =>
        Scenarios.SelectMany(s => Seeds.Select(seed => (Requests is { } n ? s with { Requests = n } : s, seed)));

    /// <summary>Policy runs in all (for a progress bar).</summary>
    public int Runs => Scenarios.Count * Seeds.Count * PoliciesToRun.Count;
}
