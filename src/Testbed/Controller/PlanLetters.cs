using Splitwise.Contracts;
using Splitwise.Contracts.Plans;

namespace Splitwise.Testbed.Controller;

/// <summary>A plan (or where its sub-blocks ran) as one letter per layer: E all on the edge, C all in the cloud, M mixed.</summary>
public static class PlanLetters
{
    public static string Of(PartitionPlan plan) => Of(plan.Layers, plan.Tiers);

    public static string Of(int layers, IReadOnlyDictionary<SubBlockId, Tier> at) => string.Join(' ', Enumerable.Range(0, layers).Select(l =>
    {
        var tiers = at.Where(kv => kv.Key.Layer == l).Select(kv => kv.Value).Distinct().ToArray();
        return tiers.Length == 1 ? (tiers[0] == Tier.Edge ? 'E' : 'C') : 'M';
    }));

    /// <summary>From a session trace's layer strings ("L0 attn EEEE | ffn CCCC"), where the work really ran.</summary>
    public static string Of(IEnumerable<string> layers) => string.Join(' ', layers.Select(l =>
    {
        var sides = l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..].Where(c => c is 'E' or 'C').Distinct().ToArray();
        return sides.Length == 1 ? sides[0] : 'M';
    }));
}
