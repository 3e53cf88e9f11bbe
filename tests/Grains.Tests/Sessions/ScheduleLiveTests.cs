using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Execution;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Links;

namespace Splitwise.Grains.Tests.Sessions;

/// <summary>
/// The live fabric does what the <see cref="ExecutionSchedule"/> says: per token, as many far calls and as many payload
/// bytes each way as the schedule's crossings, for prefill and decode, and the link filter sees two crossings per far call.
/// </summary>
[Collection(FabricCollection.Name)]
public class ScheduleLiveTests(FabricCluster fabric)
{
    private const string Model = "schedule";
    private const string Prompt = "In the";
    private static readonly ModelDimensions Dims = TinyModel.Dims;
    private static readonly DecompositionSpec Spec = TinyModel.Spec;
    private static readonly ScheduleShape Shape = new(TinyModel.Config.NLayer, TinyModel.Config.NHead, TinyModel.Config.DModel, 4 * TinyModel.Config.DModel);

    public static TheoryData<string, PartitionPlan> Plans() => new()
    {
        { "all edge", PartitionPlans.AllOn(Tier.Edge, Dims, Spec) },
        { "all cloud, int8", PartitionPlans.AllOn(Tier.Cloud, Dims, Spec, "int8") },
        { "first 2 layers on the edge, fp16", PartitionPlans.FirstLayersOnEdge(2, Dims, Spec, "fp16") },
        { "split FFN W1 edge W2 cloud, int8", PartitionPlans.SplitFfn(Dims, Spec, codec: "int8") },
        { "mixed head groups and slices, int8", PartitionPlans.Build(Dims, Spec, id => id.Layer >= 2 && id.Index % 2 == 1 ? Tier.Cloud : Tier.Edge, "int8") },
        {
            "split FFN both ways, cloud attention in layer 0, fp16", PartitionPlans.Build(Dims, Spec with { SplitFfn = true }, id => id.Kind switch
            {
                SubBlockKind.AttentionHeads => id.Layer == 0 ? Tier.Cloud : Tier.Edge,
                SubBlockKind.FfnUp => id.Index % 2 == 0 ? Tier.Cloud : Tier.Edge,
                _ => id.Index % 2 == 0 ? Tier.Edge : Tier.Cloud,
            }, "fp16")
        },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task LiveFarCallsAndBytesEqualTheSchedules(string name, PartitionPlan plan)
    {
        await fabric.Plan(Model).SetPlan(plan);
        var published = await fabric.Plan(Model).GetPlan();
        var metrics = fabric.Grains.GetGrain<ILinkMetricsGrain>(FabricKeys.LinkMetrics(Tier.Cloud));
        var session = fabric.NewSession(Model);
        var prompt = System.Text.Encoding.UTF8.GetByteCount(Prompt);
        fabric.Link.Link = new ConstantLink(mbps: 10_000, rttMs: 0);
        try
        {
            await metrics.Reset();
            var prefill = await session.Start(new GenerationRequest(Prompt, 3));
            Check(name + ", prefill", ExecutionSchedule.Token(published, Shape, Tier.Edge, 0, prompt), prefill.Link, await metrics.Totals());

            await metrics.Reset();
            var decode = await session.Next();
            Assert.NotNull(decode);
            Check(name + ", decode", ExecutionSchedule.Token(published, Shape, Tier.Edge, prompt, 1), decode.Link, await metrics.Totals());
        }
        finally
        {
            fabric.Link.Link = null;
            await session.End();
        }
    }

    private static void Check(string what, ExecutionSchedule schedule, LinkUse live, LinkTotals filter)
    {
        var crossings = schedule.Crossings().ToArray();
        long Bytes(Tier from) => crossings.Where(c => c.From == from).Sum(c => CodecBytes.Encoded(c.Payload.Codec, c.Payload.Rows, c.Payload.Cols));
        Assert.True(schedule.FarCalls == live.FarCalls, $"{what}: {live.FarCalls} far calls live, {schedule.FarCalls} in the schedule");
        Assert.True(Bytes(Tier.Edge) == live.BytesUp, $"{what}: {live.BytesUp} bytes up live, {Bytes(Tier.Edge)} in the schedule");
        Assert.True(Bytes(Tier.Cloud) == live.BytesDown, $"{what}: {live.BytesDown} bytes down live, {Bytes(Tier.Cloud)} in the schedule");
        Assert.True(2 * schedule.FarCalls == filter.Crossings, $"{what}: the link filter saw {filter.Crossings} crossings, the schedule has {schedule.FarCalls} far calls");
    }
}
