using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The policies `simulate` knows, by name; "all" is every one of them that needs no file. The learned controller and
/// its ablations (<see cref="LearnedNames"/>) load a trained policy file, DIR/NAME-SCENARIO.policy
/// (<see cref="LearnedPolicy"/>; DIR defaults to <see cref="DefaultPolicyDirectory"/>).
/// </summary>
public static class PolicyCatalog
{
    public const string DefaultPolicyDirectory = "policies";

    public static IReadOnlyList<string> Names { get; } = ["edge-only", "cloud-only", "neurosurgeon", "best-static-cut", "greedy", "clairvoyant", "drift-plus-penalty", "penalty-only"];

    /// <summary>The learned controller ("splitwise") and its ablations: no Lyapunov term, one tier per layer, the scenario's codec only.</summary>
    public static IReadOnlyList<string> LearnedNames { get; } = ["splitwise", "splitwise-no-lyapunov", "splitwise-layerwise", "splitwise-fixed-codec"];

    private static IEnumerable<string> Known => Names.Concat(LearnedNames);

    /// <summary>Names from "all" or a comma-separated list, checked.</summary>
    /// <exception cref="UnknownPolicyException">a name that is not in <see cref="Names"/>.</exception>
    public static IReadOnlyList<string> Parse(string list)
    {
        if (string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase))
            return Names;
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        if (names.Length == 0)
            throw new UnknownPolicyException(list, Known);
        foreach (var n in names.Where(n => !Known.Contains(n)))
            throw new UnknownPolicyException(n, Known);
        return names;
    }

    /// <param name="oracleHorizonEpochs">epochs of true link the clairvoyant policy sees; 0 = <see cref="OraclePolicy.DefaultHorizon"/>.</param>
    /// <param name="lyapunov">the drift-plus-penalty controller's budgets and V; null = no budgets, V = 1.</param>
    /// <param name="learned">where the learned policies' files are and which scenario's to load; null = <see cref="LearnedPolicySource.Default"/>.</param>
    /// <exception cref="Learning.MissingPolicyException">a learned policy without its file (the message names the path and the command that trains it).</exception>
    /// <exception cref="Learning.PolicyFileException">a learned policy whose file is bad or truncated.</exception>
    public static IPolicy Create(string name, PolicyContext context, LinkTimeline timeline, double horizonSeconds, int oracleHorizonEpochs = 0,
        LyapunovSettings? lyapunov = null, LearnedPolicySource? learned = null) => name switch
    {
        _ when LearnedNames.Contains(name) => LearnedPolicy.Load(name, context, (learned ?? LearnedPolicySource.Default).Directory, (learned ?? LearnedPolicySource.Default).Scenario),
        "edge-only" => FixedPolicy.EdgeOnly(context),
        "cloud-only" => FixedPolicy.CloudOnly(context),
        "neurosurgeon" => new NeurosurgeonPolicy(context),
        "best-static-cut" => new BestStaticCutPolicy(context, timeline, horizonSeconds),
        "greedy" => new GreedySubBlockPolicy(context),
        "clairvoyant" => new OraclePolicy(context, timeline,
            oracleHorizonEpochs > 0 ? oracleHorizonEpochs : OraclePolicy.DefaultHorizon(context, timeline)),
        "drift-plus-penalty" => new DriftPlusPenaltyPolicy(context, lyapunov ?? new LyapunovSettings(Budgets.Budgets.None, timeline.EpochSeconds, 0)),
        "penalty-only" => new DriftPlusPenaltyPolicy(context, (lyapunov ?? new LyapunovSettings(Budgets.Budgets.None, timeline.EpochSeconds, 0)) with { QueueTerm = false }),
        _ => throw new UnknownPolicyException(name, Known),
    };
}

/// <summary>A policy name `simulate` does not know; the message lists the known ones.</summary>
public sealed class UnknownPolicyException(string name, IEnumerable<string> known)
    : ArgumentException($"unknown policy '{name}'; known: {string.Join(", ", known)}, or all");

/// <summary>Where `simulate` and the benches find the learned policies: DIR/NAME-SCENARIO.policy.</summary>
public sealed record LearnedPolicySource(string Directory, string Scenario)
{
    /// <summary>policies/, the default scenario (commuter).</summary>
    public static LearnedPolicySource Default { get; } = new(PolicyCatalog.DefaultPolicyDirectory, "commuter");
}
