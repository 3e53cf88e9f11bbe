using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.SubBlocks;
using Xunit.Abstractions;

namespace Splitwise.Grains.Tests.SubBlocks;

/// <summary>
/// Grain state is the partition checkpoint: a generation across a forced deactivation of every activation, and
/// across the cloud silo stopping and a new one starting, gives the fault-free run's greedy tokens; the sub-blocks
/// restore their KV caches from their last checkpoint, so the session replays only the tokens after it.
/// Prints the checkpoints' size and write time per token (files, MessagePack + LZ4, every 4 tokens).
/// </summary>
[Collection(RestartCollection.Name)]
public class CheckpointParityTests(FabricCluster fabric, ITestOutputHelper output)
{
    private const string Model = "checkpoint";
    private const string Prompt = "And God said, Let there be light";
    private const int Length = 20;
    private const int FaultAt = 11;

    [Fact]
    public async Task AForcedDeactivationOfEveryActivationLeavesTheTokensUnchangedAndReplaysOnlyAfterTheCheckpoint()
    {
        var expected = await Generate(_ => Task.CompletedTask);

        var steps = await Generate(async i =>
        {
            if (i == FaultAt)
                await fabric.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        });

        Assert.Equal(Tokens(expected), Tokens(steps));
        AssertReplayedFromACheckpoint(steps[FaultAt]);
        Report("forced deactivation");
    }

    [Fact]
    public async Task TheCloudSiloStoppingAndANewOneStartingMidGenerationLeavesTheTokensUnchanged()
    {
        var expected = await Generate(_ => Task.CompletedTask);

        var steps = await Generate(async i =>
        {
            if (i == FaultAt)
                await fabric.Cluster.StopSiloAsync(fabric.Cluster.Silos.Single(s => s.ServiceProvider.GetRequiredService<SiloTier>().Tier == Tier.Cloud));
            if (i == FaultAt + 3)
                await fabric.Cluster.StartAdditionalSiloAsync();
        });

        Assert.Equal(Tokens(expected), Tokens(steps));
        AssertReplayedFromACheckpoint(steps[FaultAt]);
        Assert.Contains(steps[(FaultAt + 4)..], s => s.Layers.Any(l => l.Contains('C', StringComparison.Ordinal)));
        Report("cloud silo restart");
    }

    [Theory]
    [InlineData("fp32", true)]
    [InlineData("fp16", false)]
    public async Task ACheckpointIsRestoredUnderANewPlanVersionOnlyWithTheLosslessCodec(string codec, bool restored)
    {
        // A new plan version (same layout) at the fault: fp32 caches are the same under it, fp16 ones may not be.
        async Task NewVersion() => Assert.True((await fabric.Plan(Model).SetPlan(PartitionPlans.FirstLayersOnEdge(2, TinyModel.Dims, TinyModel.Spec, codec))).Applied);
        var expected = await Generate(async i =>
        {
            if (i == FaultAt)
                await NewVersion();
        }, codec);

        var steps = await Generate(async i =>
        {
            if (i != FaultAt)
                return;
            await fabric.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await NewVersion();
        }, codec);

        Assert.Equal(Tokens(expected), Tokens(steps));
        if (restored)
        {
            AssertReplayedFromACheckpoint(steps[FaultAt]);
        }
        else
        {
            output.WriteLine($"step {FaultAt}: {steps[FaultAt].Recovery}");
            Assert.Contains("from position 0 ", steps[FaultAt].Recovery, StringComparison.Ordinal);
        }
    }

    private void AssertReplayedFromACheckpoint(TokenStep step)
    {
        output.WriteLine($"step {step.Index}: {step.Recovery}");
        Assert.NotNull(step.Recovery);
        var from = int.Parse(step.Recovery!.Split("from position ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(from > 0, $"replayed from {from}: no checkpoint was used");
        Assert.Equal(0, from % FabricCluster.CheckpointEveryTokens);
    }

    private void Report(string fault)
    {
        foreach (var silo in fabric.Cluster.Silos)
        {
            var totals = silo.ServiceProvider.GetRequiredService<CheckpointMeter>().Totals;
            output.WriteLine($"{fault}: {silo.ServiceProvider.GetRequiredService<SiloTier>().Tier} silo: {totals.Writes} checkpoint writes, {totals.Bytes} bytes, "
                + $"{totals.WriteMs:F1} ms, per head-group token {totals.BytesPerToken:F0} bytes and {totals.WriteMsPerToken:F3} ms (method: totals of CheckpointMeter over the test's generations)");
        }
    }

    private async Task<List<TokenStep>> Generate(Func<int, Task> beforeStep, string codec = "fp32")
    {
        var plan = PartitionPlans.FirstLayersOnEdge(2, TinyModel.Dims, TinyModel.Spec, codec);
        Assert.True((await fabric.Plan(Model).SetPlan(plan)).Applied);
        var session = fabric.NewSession(Model);
        var steps = new List<TokenStep> { await session.Start(new GenerationRequest(Prompt, Length)) };
        while (true)
        {
            await beforeStep(steps.Count);
            if (await session.Next() is not { } step)
                break;
            steps.Add(step);
        }

        await session.End();
        return steps;
    }

    private static int[] Tokens(List<TokenStep> steps) => steps.Select(s => s.Token).ToArray();
}
