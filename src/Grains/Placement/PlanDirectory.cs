using System.Collections.Concurrent;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Placement;

/// <summary>
/// This silo's copy of each model's latest plan, for placement. Callers running under a plan version
/// put it in the request context (<see cref="VersionKey"/>); a cached plan at least that new is used,
/// otherwise the plan grain is asked.
/// </summary>
public sealed class PlanDirectory(IGrainFactory grains)
{
    public const string VersionKey = "splitwise.plan-version";

    private readonly ConcurrentDictionary<string, PartitionPlan> _latest = new(StringComparer.Ordinal);

    public void Observe(string model, PartitionPlan plan) =>
        _latest.AddOrUpdate(model, plan, (_, old) => plan.Version >= old.Version ? plan : old);

    public async Task<PartitionPlan> Current(string model, long atLeast)
    {
        if (atLeast > 0 && _latest.TryGetValue(model, out var cached) && cached.Version >= atLeast)
            return cached;
        var plan = await grains.GetGrain<IPlanGrain>(FabricKeys.Plan(model)).GetPlan();
        Observe(model, plan);
        return _latest[model];
    }

    /// <summary>The plan grain's plan now, whatever this silo has seen (a silo learns a version only when a call carries it).</summary>
    public async Task<PartitionPlan> Latest(string model)
    {
        Observe(model, await grains.GetGrain<IPlanGrain>(FabricKeys.Plan(model)).GetPlan());
        return _latest[model];
    }

    public static long VersionIn(IReadOnlyDictionary<string, object>? context) =>
        context is not null && context.TryGetValue(VersionKey, out var v) && v is long version ? version : 0;
}
