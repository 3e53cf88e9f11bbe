using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Controller;

/// <summary>
/// The policies a live controller can run: every <see cref="PolicyCatalog"/> policy that decides from the
/// <see cref="Observation"/> alone. The clairvoyant policy and the best static cut read the coming link from the trace,
/// which a live fabric does not have: asking for them is a <see cref="PolicyUnavailableException"/>, as is a name the
/// catalog does not know.
/// </summary>
public static class LivePolicies
{
    /// <summary>Catalog policies that need the future link (a timeline), so cannot run live.</summary>
    public static IReadOnlyList<string> NeedFuture { get; } = ["clairvoyant", "best-static-cut"];

    /// <summary>What the live controller runs: the catalog's policies that need no future, and the learned ones (from their files).</summary>
    public static IReadOnlyList<string> Names => PolicyCatalog.Names.Where(n => !NeedFuture.Contains(n)).Concat(PolicyCatalog.LearnedNames).ToArray();

    /// <summary>Checks a name before anything is started.</summary>
    /// <exception cref="PolicyUnavailableException">unknown, or not runnable live.</exception>
    public static string Check(string name)
    {
        var key = (name ?? "").Trim().ToLowerInvariant();
        if (NeedFuture.Contains(key))
            throw new PolicyUnavailableException(key, "it reads the coming link from the trace, which a live fabric does not have", Names);
        if (!Names.Contains(key))
            throw new PolicyUnavailableException(key, "no policy has that name", Names);
        return key;
    }

    /// <param name="learned">where a learned policy's file is; null: <see cref="LearnedPolicySource.Default"/> (policies/, commuter).</param>
    /// <exception cref="PolicyUnavailableException">unknown, not runnable live, or a learned policy whose file is missing or bad (the message says how to train it).</exception>
    public static IPolicy Create(string name, LiveSetup setup, Budgets.Budgets? budgets = null, double v = 1, LearnedPolicySource? learned = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var key = Check(name);
        // The live policies never read the timeline: a constant stand-in keeps the catalog's one signature.
        var stand = new LinkTimeline(new ConstantLink(1, 1, 0), setup.Options.EpochSeconds);
        try
        {
            return PolicyCatalog.Create(key, setup.Context, stand, 0, 0, setup.Lyapunov(budgets, v), learned);
        }
        catch (Learning.PolicyFileException e)
        {
            throw new PolicyUnavailableException(key, e.Message, Names);
        }
    }
}

/// <summary>A controller policy that cannot run here: unknown, or needing what a live fabric does not have.</summary>
public sealed class PolicyUnavailableException(string name, string reason, IEnumerable<string> available)
    : ArgumentException($"policy '{name}' is not available to the live controller: {reason}; available: {string.Join(", ", available)}")
{
    public string Policy { get; } = name;
}
