using Splitwise.Testbed.Budgets;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Environment;

public class AdaptiveCodecTests
{
    private static readonly Scenario Small = Scenarios.Get("office") with { Model = "gpt2-xl", Requests = 1 };

    private static List<EpochOutcome> Run(Func<Policies.PolicyContext, Contracts.Plans.PartitionPlan> plan)
    {
        var world = new Testbed.Environment.World(Small, 1, new ConstantLink(20, 20), requests: [new RequestSpec(0, 0.1, 128, 200)]);
        var env = SplitEnvironment.Reset(world);
        var outcomes = new List<EpochOutcome>();
        while (!env.Done && outcomes.Count < 1000)
            outcomes.Add(env.Step(plan(world.Setup.Context)).Outcome);
        return outcomes;
    }

    [Fact]
    public void A_plan_is_costed_in_its_own_codec_bytes_and_loss()
    {
        var int8 = Run(c => c.PlanOf(c.Cut(12)));
        var fp16 = Run(c => c.PlanOf(c.Cut(12), "fp16"));
        var int4 = Run(c => c.PlanOf(c.Cut(12), "int4"));
        long Up(List<EpochOutcome> o) => o.Sum(e => e.BytesUp);
        // The same tokens cross the cut: fp16 sends about twice int8's bytes, int4 about half.
        Assert.Equal(int8.Sum(e => e.Tokens), fp16.Sum(e => e.Tokens));
        Assert.InRange(Up(fp16) / (double)Up(int8), 1.8, 2.1);
        Assert.InRange(Up(int4) / (double)Up(int8), 0.45, 0.6);
        // Each crossing epoch charges its codec's measured loss.
        Assert.All(fp16.Where(e => e.Tokens > 0), e => Assert.Equal(0, e.CodecLossBitsPerByte));
        Assert.All(int4.Where(e => e.Tokens > 0), e => Assert.Equal(CodecLoss.BitsPerByte("int4"), e.CodecLossBitsPerByte, 12));
        Assert.All(int8.Where(e => e.Tokens > 0), e => Assert.Equal(CodecLoss.BitsPerByte("int8"), e.CodecLossBitsPerByte, 12));
    }

    [Fact]
    public void The_scenario_codec_named_explicitly_is_the_same_plan_and_the_same_run()
    {
        var a = Run(c => c.PlanOf(c.Cut(12)));
        var b = Run(c => c.PlanOf(c.Cut(12), "INT8"));
        Assert.Equal(a.Select(e => (e.Tokens, e.BytesUp, e.EdgeEnergyJ, e.CodecLossBitsPerByte)), b.Select(e => (e.Tokens, e.BytesUp, e.EdgeEnergyJ, e.CodecLossBitsPerByte)));
    }
}
