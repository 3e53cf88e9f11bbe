using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Plans;
using Splitwise.Grains.Storage;

namespace Splitwise.Grains.Tests.Plans;

/// <summary>The plan is stored, and a change that cannot be applied leaves the stored and reported plan as it was.</summary>
[Collection(RestartCollection.Name)]
public class PlanDurabilityTests(FabricCluster fabric)
{
    private const string Model = "atomic";

    [Fact]
    public async Task APlanChangeWithItsTierDownIsNotAppliedAndOneWithItUpIs()
    {
        var allEdge = PartitionPlans.AllOn(Tier.Edge, TinyModel.Dims, TinyModel.Spec);
        var edgeOne = PartitionPlans.FirstLayersOnEdge(1, TinyModel.Dims, TinyModel.Spec);
        var applied = await fabric.Plan(Model).SetPlan(allEdge);
        Assert.True(applied.Applied);
        Assert.Equal(applied.Version, await StoredVersion());

        var cloud = fabric.Cluster.Silos.Single(s => s.SiloAddress != fabric.Cluster.Silos[0].SiloAddress);
        await fabric.Cluster.StopSiloAsync(cloud);
        try
        {
            var refused = await fabric.Plan(Model).SetPlan(edgeOne);
            Assert.False(refused.Applied);
            Assert.Equal(applied.Version, refused.Version);
            Assert.Empty(refused.Moved);
            Assert.Contains("cloud", refused.Reason);
            var current = await fabric.Plan(Model).GetPlan();
            Assert.Equal(applied.Version, current.Version);
            Assert.Equal(allEdge.Describe(1), current.Describe(1));
            Assert.Equal(applied.Version, await StoredVersion());

            // Whatever runs on the tier still up can change.
            var edgeOnly = await fabric.Plan(Model).SetPlan(PartitionPlans.AllOn(Tier.Edge, TinyModel.Dims, TinyModel.Spec, "int8"));
            Assert.True(edgeOnly.Applied);
            Assert.Equal(applied.Version + 1, await StoredVersion());
        }
        finally
        {
            await fabric.Cluster.StartAdditionalSiloAsync();
        }

        var later = await fabric.Plan(Model).SetPlan(edgeOne);
        Assert.True(later.Applied);
        Assert.Equal(applied.Version + 2, later.Version);
        Assert.Equal(later.Version, await StoredVersion());
    }

    // Read straight from the state directory, as a restarted host would.
    private async Task<long?> StoredVersion()
    {
        var storage = new FileGrainStorage(fabric.StateDirectory,
            ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(fabric.Cluster.Silos[0].ServiceProvider));
        var state = new GrainState<PlanRecord>(new PlanRecord());
        await storage.ReadStateAsync("plan", fabric.Plan(Model).GetGrainId(), state);
        return state.State?.Plan?.Version;
    }
}
