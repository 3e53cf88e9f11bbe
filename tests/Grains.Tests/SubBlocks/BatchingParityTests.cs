using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.SubBlocks;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;
using Xunit.Abstractions;

namespace Splitwise.Grains.Tests.SubBlocks;

/// <summary>
/// Continuous batching in the sub-block grains (issue 15): 16 concurrent greedy generations with different prompts and
/// lengths, joining in four waves and leaving as each is done, give every session the tokens of its solo run through
/// the fabric and of the monolithic reference, under several plans; and the sub-blocks did batch them (the silos'
/// <see cref="BatchMeter"/> saw batches of more than one step), so that the parity is not that of sessions run alone.
/// With batching on, a plan change (head groups migrate with every session's cache) and a forced deactivation of
/// every activation (caches restored from checkpoints) mid-flight leave the tokens unchanged too. The sessions are also
/// stepped together on the session side (<see cref="Splitwise.Grains.Sessions.SessionStepper"/>: one batched forward pass
/// for the sessions ready at once), and the test checks that such passes of more than one session ran.
/// </summary>
[Collection(FabricCollection.Name)]
public class BatchingParityTests(FabricCluster fabric, ITestOutputHelper output)
{
    private const string Model = "batching";
    private const int Sessions = 16;

    private static readonly string[] Prompts =
    [
        "In the beginning", "And God said", "Let there be light", "The earth was without form",
        "And the evening", "Be fruitful, and multiply", "A", "And the LORD God planted a garden eastward",
        "Thou shalt not", "Who told thee", "And Cain talked", "Noah found grace",
        "Go forth", "In the sweat of thy face", "Abram passed through", "Unto thy seed",
    ];

    [Theory]
    [InlineData("all-edge", "fp32")]
    [InlineData("half", "fp32")]
    [InlineData("split-ffn", "fp32")]
    [InlineData("half", "int8")]
    [InlineData("mixed", "int8")]
    public async Task ConcurrentSessionsGetTheirSoloAndReferenceTokens(string layout, string codec)
    {
        await SetPlan(Plan(layout, codec));
        var before = Batches();
        var passesBefore = Passes();
        var failedBefore = FailedPasses();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var batched = await Concurrent(midway: null);
        output.WriteLine($"{Sessions} concurrent generations: {clock.ElapsedMilliseconds} ms");
        var after = Batches();
        var (batches, steps, shared) = (after.Batches - before.Batches, after.Steps - before.Steps, after.Shared - before.Shared);
        output.WriteLine($"{layout} {codec}: {batches} batches of {steps} steps, {shared} of more than one step (largest so far {after.Largest})");
        Assert.True(shared > 0 && steps > batches, $"no batch of more than one step: {batches} batches of {steps} steps");
        var passes = Passes();
        var (passCount, stepped, together) = (passes.Batches - passesBefore.Batches, passes.Steps - passesBefore.Steps, passes.Shared - passesBefore.Shared);
        output.WriteLine($"sessions stepped together: {passCount} passes of {stepped} session steps, {together} of more than one session");
        Assert.True(together > 0, $"no forward pass stepped more than one session: {passCount} passes of {stepped} steps");
        Assert.Equal(failedBefore, FailedPasses());

        clock.Restart();
        for (var i = 0; i < Sessions; i++)
        {
            var solo = await Generate(i, gate: null, waitFor: null, midway: null);
            Assert.Equal(Reference(i), solo);
            Assert.Equal(solo, batched[i]);
        }

        output.WriteLine($"the same {Sessions} one at a time: {clock.ElapsedMilliseconds} ms");

        await AssertNoCachesLeft();
    }

    [Theory]
    [InlineData("plan change")]
    [InlineData("forced deactivation")]
    public async Task APlanChangeOrADeactivationMidFlightLeavesEveryTokenUnchanged(string fault)
    {
        await SetPlan(PartitionPlans.AllOn(Tier.Edge, TinyModel.Dims, TinyModel.Spec));
        var done = 0;
        var batched = await Concurrent(midway: async () =>
        {
            // Once, when the first session reaches its third token: the others are mid-flight.
            if (Interlocked.Increment(ref done) != 1)
                return;
            if (fault == "plan change")
                Assert.NotEmpty((await fabric.Plan(Model).SetPlan(PartitionPlans.FirstLayersOnEdge(2, TinyModel.Dims, TinyModel.Spec))).Moved);
            else
                await fabric.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        });

        for (var i = 0; i < Sessions; i++)
            Assert.Equal(Reference(i), batched[i]);
        await AssertNoCachesLeft();
    }

    private static PartitionPlan Plan(string layout, string codec) => layout switch
    {
        "all-edge" => PartitionPlans.AllOn(Tier.Edge, TinyModel.Dims, TinyModel.Spec, codec),
        "half" => PartitionPlans.FirstLayersOnEdge(TinyModel.Dims.Layers / 2, TinyModel.Dims, TinyModel.Spec, codec),
        // Head groups and FFN slices of the later layers split between the tiers: every stage calls both.
        "mixed" => PartitionPlans.Build(TinyModel.Dims, TinyModel.Spec, id => id.Layer >= 1 && id.Index % 2 == 1 ? Tier.Cloud : Tier.Edge, codec),
        _ => PartitionPlans.SplitFfn(TinyModel.Dims, TinyModel.Spec, Tier.Edge, codec),
    };

    private async Task SetPlan(PartitionPlan plan) => Assert.True((await fabric.Plan(Model).SetPlan(plan)).Applied);

    private static int Length(int i) => 3 + i % 5;

    /// <summary>Four waves of four: wave w starts once the first session of wave w - 1 has its second token.</summary>
    private async Task<int[][]> Concurrent(Func<Task>? midway)
    {
        var gates = Enumerable.Range(0, Sessions / 4).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var runs = Enumerable.Range(0, Sessions).Select(i => Generate(i,
            gate: i % 4 == 0 && i / 4 < gates.Length ? gates[i / 4] : null,
            waitFor: i / 4 == 0 ? null : gates[i / 4 - 1].Task,
            midway)).ToArray();
        return await Task.WhenAll(runs);
    }

    private async Task<int[]> Generate(int i, TaskCompletionSource? gate, Task? waitFor, Func<Task>? midway)
    {
        if (waitFor is not null)
            await waitFor;
        var session = fabric.NewSession(Model);
        var tokens = new List<int> { (await session.Start(new GenerationRequest(Prompts[i], Length(i)))).Token };
        while (true)
        {
            if (tokens.Count == 2)
                gate?.TrySetResult();
            if (tokens.Count == 3 && midway is not null)
                await midway();
            if (await session.Next() is not { } step)
                break;
            tokens.Add(step.Token);
        }

        gate?.TrySetResult();
        await session.End();
        return tokens.ToArray();
    }

    private int[][]? _references;

    private int[] Reference(int i)
    {
        if (_references is null)
        {
            using var loaded = ModelLoader.Open(fabric.Model.Path);
            using var reference = loaded.LoadReference();
            _references = Enumerable.Range(0, Sessions)
                .Select(s => TextGenerator.Generate(reference, loaded.Tokenizer.Encode(Prompts[s]), Length(s), SamplingOptions.Greedy).ToArray()).ToArray();
        }

        return _references[i];
    }

    private BatchTotals Batches() => Sum(m => m.Totals);

    // The session-side passes (SessionStepper): a pass of more than one session is one batched forward for all of them.
    private BatchTotals Passes() => Sum(m => m.SessionTotals);

    private long FailedPasses() => fabric.Cluster.Silos.Sum(s => s.ServiceProvider.GetRequiredService<BatchMeter>().FailedPasses);

    private BatchTotals Sum(Func<BatchMeter, BatchTotals> read) => fabric.Cluster.Silos
        .Select(s => read(s.ServiceProvider.GetRequiredService<BatchMeter>()))
        .Aggregate(new BatchTotals(0, 0, 0, 0), (a, b) => new BatchTotals(a.Batches + b.Batches, a.Steps + b.Steps, a.Shared + b.Shared, Math.Max(a.Largest, b.Largest)));

    // Every session ended: no head group holds a cache (EndSession reached each, batches in flight or not).
    private async Task AssertNoCachesLeft()
    {
        var plan = await fabric.Plan(Model).GetPlan();
        var held = await Task.WhenAll(plan.Tiers.Keys.Where(id => id.Kind == SubBlockKind.AttentionHeads).Select(id => fabric.SubBlock(Model, id).Locate()));
        Assert.All(held, h => Assert.Equal(0, h.Sessions));
    }
}
