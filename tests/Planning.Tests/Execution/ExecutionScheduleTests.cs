using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Execution;

namespace Splitwise.Planning.Tests.Execution;

public class ExecutionScheduleTests
{
    private static readonly ModelDimensions Dims = new(4, 4, 256);
    private static readonly DecompositionSpec Spec = DecompositionSpec.Default(4);
    private static readonly ScheduleShape Shape = new(4, 4, 64, 256);

    [Fact]
    public void ARunOfStagesWhollyOnTheFarTierIsOneFarCallHomedThere()
    {
        var schedule = ExecutionSchedule.Token(PartitionPlans.FirstLayersOnEdge(2, Dims, Spec, "int8"), Shape, Tier.Edge, 0, 5);
        Assert.IsType<EmbedStep>(schedule.Steps[0]);
        Assert.Equal([0, 1, 2, 3], schedule.Steps.Skip(1).Take(4).Cast<StageStep>().Select(s => s.Stage));
        Assert.All(schedule.Steps.Skip(1).Take(4).Cast<StageStep>(), s => Assert.All(s.Fronts, c => Assert.False(c.Far)));
        var run = Assert.IsType<FarRunStep>(schedule.Steps[5]);
        Assert.Equal((Tier.Cloud, 4, 7), (run.Tier, run.FirstStage, run.LastStage));
        Assert.Equal(new Payload("int8", 5, 64), run.Up);
        Assert.All(run.Inner.Cast<StageStep>(), s => Assert.Equal(Tier.Cloud, s.Tier));
        Assert.IsType<HeadStep>(schedule.Steps[6]);
        Assert.Equal(1, schedule.FarCalls);
        Assert.Equal([(Tier.Edge, run.Up), (Tier.Cloud, run.Down)], schedule.Crossings());
    }

    [Fact]
    public void ASplitStageCallsTheFarHalfOnceInThePlansCodecAndTheNearHalfInFp32()
    {
        var plan = PartitionPlans.Build(Dims, Spec, id => id.Index == 3 ? Tier.Cloud : Tier.Edge, "fp16");
        var schedule = ExecutionSchedule.Token(plan, Shape, Tier.Edge, 10, 1);
        var stages = schedule.Steps.OfType<StageStep>().ToArray();
        Assert.Equal(8, stages.Length);
        Assert.All(stages, s =>
        {
            Assert.Equal(2, s.Fronts.Count);
            Assert.Equal(new Payload("fp32", 1, 64), s.Fronts[0].In);
            Assert.True(s.Fronts[1].Far);
            Assert.Equal(new Payload("fp16", 1, 64), s.Fronts[1].Partial);
            Assert.Empty(s.Backs);
        });
        Assert.Equal([3], stages[0].Fronts[1].Groups);
        Assert.Equal([3], stages[1].Fronts[1].Whole);
        Assert.Equal(8, schedule.FarCalls);
    }

    [Fact]
    public void ASplitFfnSendsTheIntermediateToTheOtherTierInThePlansCodec()
    {
        var schedule = ExecutionSchedule.Token(PartitionPlans.SplitFfn(Dims, Spec, attention: Tier.Cloud, codec: "int8"), Shape, Tier.Edge, 0, 3);
        // Per layer: the attention alone in the cloud (a run of one stage), then the FFN from the edge.
        Assert.Equal(2 + 2 * 4, schedule.Steps.Count);
        var ffn = Assert.IsType<StageStep>(schedule.Steps[2]);
        var front = Assert.Single(ffn.Fronts);
        Assert.Equal((Tier.Edge, false, 4), (front.Tier, front.Far, front.UpOnly.Length));
        Assert.Null(front.Partial);
        Assert.Equal(new Payload("int8", 3, 256), front.Hidden);
        var back = Assert.Single(ffn.Backs);
        Assert.Equal((Tier.Cloud, true, 0, 4), (back.Tier, back.Far, back.Front, back.DownOnly.Length));
        Assert.Equal(new Payload("int8", 3, 256), back.In);
        Assert.Equal(new Payload("int8", 3, 64), back.Partial);
        Assert.Equal(8, schedule.FarCalls);
    }

    [Fact]
    public void StageNumberingIsTwoPerLayerAttentionFirst()
    {
        Assert.Equal(6, StageNumbering.Of(new SubBlockId(3, SubBlockKind.AttentionHeads, 1)));
        Assert.Equal(7, StageNumbering.Of(new SubBlockId(3, SubBlockKind.FfnDown, 0)));
        Assert.Equal((3, false), (StageNumbering.Layer(7), StageNumbering.IsAttention(7)));
    }
}
