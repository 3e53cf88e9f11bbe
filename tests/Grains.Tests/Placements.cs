using Splitwise.Contracts.Plans;

namespace Splitwise.Grains.Tests;

public static class Placements
{
    /// <summary>Asks every sub-block of the plan where it runs and checks the tier (and the silo's role) against the plan.</summary>
    public static async Task AssertFollow(FabricCluster fabric, string model, PartitionPlan plan)
    {
        var checks = plan.Tiers.Select(async kv => (Id: kv.Key, Expected: kv.Value, Actual: await fabric.SubBlock(model, kv.Key).Locate()));
        var wrong = (await Task.WhenAll(checks)).Where(c => c.Actual.Tier != c.Expected).ToArray();
        Assert.True(wrong.Length == 0, $"plan v{plan.Version}: " + string.Join("; ", wrong.Select(w => $"{w.Id} on {w.Actual.Tier} ({w.Actual.Silo}), plan says {w.Expected}")));
    }
}
