using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>The policies `simulate` knows, by name; "all" is every one of them.</summary>
public static class PolicyCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["edge-only", "cloud-only", "neurosurgeon", "best-static-cut", "greedy", "clairvoyant", "drift-plus-penalty", "penalty-only"];

    /// <summary>Names from "all" or a comma-separated list, checked.</summary>
    /// <exception cref="UnknownPolicyException">a name that is not in <see cref="Names"/>.</exception>
    public static IReadOnlyList<string> Parse(string list)
    {
        if (string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase))
            return Names;
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        if (names.Length == 0)
            throw new UnknownPolicyException(list, Names);
        foreach (var n in names.Where(n => !Names.Contains(n)))
            throw new UnknownPolicyException(n, Names);
        return names;
    }

    /// <param name="oracleHorizonEpochs">epochs of true link the clairvoyant policy sees; 0 = <see cref="OraclePolicy.DefaultHorizon"/>.</param>
    /// <param name="lyapunov">the drift-plus-penalty controller's budgets and V; null = no budgets, V = 1.</param>
    public static IPolicy Create(string name, PolicyContext context, LinkTimeline timeline, double horizonSeconds, int oracleHorizonEpochs = 0,
        LyapunovSettings? lyapunov = null) => name switch
    {
        "edge-only" => FixedPolicy.EdgeOnly(context),
        "cloud-only" => FixedPolicy.CloudOnly(context),
        "neurosurgeon" => new NeurosurgeonPolicy(context),
        "best-static-cut" => new BestStaticCutPolicy(context, timeline, horizonSeconds),
        "greedy" => new GreedySubBlockPolicy(context),
        "clairvoyant" => new OraclePolicy(context, timeline,
            oracleHorizonEpochs > 0 ? oracleHorizonEpochs : OraclePolicy.DefaultHorizon(context, timeline)),
        "drift-plus-penalty" => new DriftPlusPenaltyPolicy(context, lyapunov ?? new LyapunovSettings(Budgets.Budgets.None, timeline.EpochSeconds, 0)),
        "penalty-only" => new DriftPlusPenaltyPolicy(context, (lyapunov ?? new LyapunovSettings(Budgets.Budgets.None, timeline.EpochSeconds, 0)) with { QueueTerm = false }),
        _ => throw new UnknownPolicyException(name, Names),
    };
}

/// <summary>A policy name `simulate` does not know; the message lists the known ones.</summary>
public sealed class UnknownPolicyException(string name, IEnumerable<string> known)
    : ArgumentException($"unknown policy '{name}'; known: {string.Join(", ", known)}, or all");
