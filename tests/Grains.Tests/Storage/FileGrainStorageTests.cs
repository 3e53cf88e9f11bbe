using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Plans;
using Splitwise.Grains.Storage;

namespace Splitwise.Grains.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "splitwise-filestorage-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly GrainId _grain = GrainId.Create("plan", "tiny@edge");

    private FileGrainStorage NewStorage() =>
        new(_directory, ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(_services));

    private static PartitionPlan Plan(long version) =>
        PartitionPlans.FirstLayersOnEdge(1, TinyModel.Dims, TinyModel.Spec, "int8").WithVersion(version);

    [Fact]
    public async Task AWrittenPlanIsReadBackByAnotherInstance()
    {
        var state = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(7) });
        await NewStorage().WriteStateAsync("plan", _grain, state);

        var read = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(7, read.State!.Plan!.Version);
        Assert.Equal("int8", read.State!.Plan.Codec);
        Assert.Equal(Plan(7).Describe(1), read.State!.Plan.Describe(1));
    }

    [Fact]
    public async Task NothingStoredReadsAsNoRecord()
    {
        var read = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.State!.Plan);
    }

    [Fact]
    public async Task AWriteWithAStaleEtagIsRefusedAndKeepsTheStoredState()
    {
        var storage = NewStorage();
        var first = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(2) });
        await storage.WriteStateAsync("plan", _grain, first);
        var stale = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(3) }) { ETag = null };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("plan", _grain, stale));

        var read = new GrainState<PlanRecord>(new PlanRecord());
        await storage.ReadStateAsync("plan", _grain, read);
        Assert.Equal(2, read.State!.Plan!.Version);
    }

    [Fact]
    public async Task ClearRemovesTheState()
    {
        var storage = NewStorage();
        var state = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(2) });
        await storage.WriteStateAsync("plan", _grain, state);
        await storage.ClearStateAsync("plan", _grain, state);
        Assert.False(File.Exists(storage.PathOf("plan", _grain)));
        Assert.False(state.RecordExists);
    }

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
