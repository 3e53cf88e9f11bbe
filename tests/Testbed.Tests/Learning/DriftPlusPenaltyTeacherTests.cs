using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Learning;

public class DriftPlusPenaltyTeacherTests
{
    [Fact]
    public void Every_layer_cut_is_written_as_an_action_that_builds_exactly_that_cut()
    {
        // LLaMA-7B's 32 layers: the offload buckets reach only every fourth cut, the low level the ones between.
        var world = new World(Scenarios.Get("office") with { Model = "llama-7b", Device = "orin-nx", Requests = 5 }, 1, new Links.ConstantLink(20, 20));
        var context = world.Setup.Context;
        var builder = new PlanBuilder(context);
        var layers = builder.Layers;
        var attention = new byte[layers];
        var ffn = new byte[layers];
        var fp16 = ActionSpace.CodecIndex("fp16");
        var fits = 0;
        for (var k = 0; k <= layers; k++)
        {
            var cut = context.Cut(k);
            Assert.Equal(k, DriftPlusPenaltyTeacher.EdgeLayersOfCut(cut));
            var offload = DriftPlusPenaltyTeacher.ActionOfCut(k, layers, attention, ffn);
            Assert.InRange(ActionSpace.EdgeLayers(offload, layers) - k, 0, 3);
            if (!context.Memory.Check(cut).Fits)
                continue;
            var plan = builder.Build(offload, fp16, attention, ffn, out var edgeLayers);
            Assert.Equal(cut, PlanLayout.From(plan, context.Model.HeadGroups));
            Assert.True(edgeLayers >= k);
            fits++;
        }

        Assert.True(fits > 1, "the test needs cuts that fit the edge memory");
    }

    [Fact]
    public void A_layout_that_is_not_a_layer_cut_is_refused()
    {
        var world = new World(Scenarios.Get("office") with { Model = "gpt2-xl", Device = "orin-nx", Requests = 5 }, 1, new Links.ConstantLink(20, 20));
        var cut = world.Setup.Context.Cut(3);
        var holed = new PlanLayout(cut.Stages.Select((s, i) => i == 0 ? cut.Stages[^1] : s));
        Assert.Throws<ArgumentException>(() => DriftPlusPenaltyTeacher.EdgeLayersOfCut(holed));
        Assert.Throws<ArgumentOutOfRangeException>(() => DriftPlusPenaltyTeacher.ActionOfCut(13, 12, new byte[12], new byte[12]));
    }

    [Fact]
    public void Behaviour_cloning_lowers_the_cross_entropy_of_the_teachers_actions_and_ppo_continues_from_it()
    {
        var options = new PpoOptions(Seed: 3, Updates: 13, NumEnvs: 2, NumSteps: 32, Minibatches: 2, UpdateEpochs: 4, Hidden: 16, LstmHidden: 8, ImitationUpdates: 12, LearningRate: 3e-3);
        var run = HierarchicalPpo.Train(Scenarios.Get("battery-saver"), Ablation.None, options);
        Assert.Equal(13, run.Curve.Count);
        var cloning = run.Curve.Take(12).ToList();
        Assert.All(cloning, u => Assert.Equal(0, u.ApproxKl));
        double first = cloning.Take(3).Average(u => u.PolicyLoss), last = cloning.TakeLast(3).Average(u => u.PolicyLoss);
        Assert.True(last < 0.7 * first, $"cross-entropy {first:F3} -> {last:F3}");
        Assert.NotEqual(0, run.Curve[^1].ApproxKl);
        Assert.Throws<ArgumentException>(() => (options with { ImitationUpdates = 14 }).Validated());
    }
}
