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

    [Fact]
    public async Task ManyWritesInPlaceReadBackTheLastAndKeepTheEtagChain()
    {
        var storage = NewStorage();
        var state = new GrainState<PlanRecord>(new PlanRecord());
        for (var v = 1; v <= 40; v++)
        {
            state.State = new PlanRecord { Plan = Plan(v) };
            await storage.WriteStateAsync("plan", _grain, state);
            Assert.Equal(v.ToString(System.Globalization.CultureInfo.InvariantCulture), state.ETag);
        }

        var read = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, read);
        Assert.Equal("40", read.ETag);
        Assert.Equal(40, read.State!.Plan!.Version);
    }

    [Fact]
    public async Task AStateThatOutgrowsItsSlotIsRewrittenWhole()
    {
        var storage = NewStorage();
        var state = new GrainState<SessionRecordProbe>(new SessionRecordProbe { Tokens = [1] });
        await storage.WriteStateAsync("session", _grain, state);
        var capacity = new FileInfo(storage.PathOf("session", _grain)).Length;
        for (var n = 2; n <= 3000; n *= 3)
        {
            state.State = new SessionRecordProbe { Tokens = Enumerable.Range(0, n).ToList() };
            await storage.WriteStateAsync("session", _grain, state);
        }

        Assert.True(new FileInfo(storage.PathOf("session", _grain)).Length > capacity, "the file grew past its first slot size");
        var read = new GrainState<SessionRecordProbe>(new SessionRecordProbe());
        await NewStorage().ReadStateAsync("session", _grain, read);
        Assert.Equal(Enumerable.Range(0, 1458), read.State!.Tokens);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task ATornLastWriteLeavesThePreviousState()
    {
        var storage = NewStorage();
        var state = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(1) });
        await storage.WriteStateAsync("plan", _grain, state);
        state.State = new PlanRecord { Plan = Plan(2) };
        await storage.WriteStateAsync("plan", _grain, state);
        state.State = new PlanRecord { Plan = Plan(3) };
        await storage.WriteStateAsync("plan", _grain, state);

        // The last write (ETag 3, slot 1) torn: its last byte never reached the file.
        var path = storage.PathOf("plan", _grain);
        var file = File.ReadAllBytes(path);
        var stored = RecordFile.Parse(file)!;
        var end = RecordFile.SlotOffset(3, stored.Capacity) + RecordFile.SlotHeaderSize + stored.Payload.Length - 1;
        file[end] ^= 0xFF;
        File.WriteAllBytes(path, file);

        var read = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal(2, read.State!.Plan!.Version);
    }

    [Fact]
    public async Task AFileOfTheFirstFormatIsReadAndThenWrittenOver()
    {
        var storage = NewStorage();
        var state = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(4) });
        await storage.WriteStateAsync("plan", _grain, state);
        var path = storage.PathOf("plan", _grain);
        var payload = RecordFile.Parse(File.ReadAllBytes(path))!.Payload.ToArray();
        var legacy = new byte[8 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(legacy, 9);
        payload.CopyTo(legacy, 8);
        File.WriteAllBytes(path, legacy);

        var read = new GrainState<PlanRecord>(new PlanRecord());
        await storage.ReadStateAsync("plan", _grain, read);
        Assert.Equal("9", read.ETag);
        Assert.Equal(4, read.State!.Plan!.Version);
        read.State = new PlanRecord { Plan = Plan(5) };
        await storage.WriteStateAsync("plan", _grain, read);
        var again = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, again);
        Assert.Equal("10", again.ETag);
        Assert.Equal(5, again.State!.Plan!.Version);
    }

    [Fact]
    public async Task AStateDirectoryRemovedBetweenWritesIsMadeAgain()
    {
        var storage = NewStorage();
        var state = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(1) });
        await storage.WriteStateAsync("plan", _grain, state);
        Directory.Delete(_directory, recursive: true);
        var fresh = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(2) });
        await storage.WriteStateAsync("plan", _grain, fresh);
        var read = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, read);
        Assert.Equal(2, read.State!.Plan!.Version);
    }

    [Fact]
    public async Task AWriteAfterAnotherInstanceWroteIsRefused()
    {
        var mine = NewStorage();
        var state = new GrainState<PlanRecord>(new PlanRecord { Plan = Plan(1) });
        await mine.WriteStateAsync("plan", _grain, state);
        var theirs = new GrainState<PlanRecord>(new PlanRecord());
        var other = NewStorage();
        await other.ReadStateAsync("plan", _grain, theirs);
        theirs.State = new PlanRecord { Plan = Plan(2) };
        await other.WriteStateAsync("plan", _grain, theirs);

        state.State = new PlanRecord { Plan = Plan(3) };
        await Assert.ThrowsAsync<InconsistentStateException>(() => mine.WriteStateAsync("plan", _grain, state));
        var read = new GrainState<PlanRecord>(new PlanRecord());
        await NewStorage().ReadStateAsync("plan", _grain, read);
        Assert.Equal(2, read.State!.Plan!.Version);
    }

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}

[GenerateSerializer, Alias("splitwise.tests.SessionRecordProbe")]
public sealed class SessionRecordProbe
{
    [Id(0)]
    public List<int> Tokens { get; set; } = [];
}
