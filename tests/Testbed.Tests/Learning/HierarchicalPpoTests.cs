using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;

namespace Splitwise.Testbed.Tests.Learning;

public class HierarchicalPpoTests
{
    private static readonly PpoOptions Tiny = new(Seed: 3, Updates: 2, NumEnvs: 1, NumSteps: 24, Minibatches: 2, UpdateEpochs: 2, Hidden: 8, LstmHidden: 4);

    [Fact]
    public void Training_is_deterministic_by_seed_and_a_resumed_run_equals_an_uninterrupted_one()
    {
        var scenario = Scenarios.Default;
        var whole = HierarchicalPpo.Train(scenario, Ablation.None, Tiny);
        var again = HierarchicalPpo.Train(scenario, Ablation.None, Tiny);
        Same(whole.Weights, again.Weights);

        using var dir = new TempDirectory();
        var first = HierarchicalPpo.Train(scenario, Ablation.None, Tiny with { Updates = 1 }, dir.Path);
        Assert.Single(first.Curve);
        var resumed = HierarchicalPpo.Train(scenario, Ablation.None, Tiny, dir.Path, resume: true);
        Assert.Equal(1, resumed.ResumedAt);
        Assert.Equal(2, resumed.Curve.Count);
        Same(whole.Weights, resumed.Weights);
        Assert.Equal(whole.Curve[^1].MeanReward, resumed.Curve[^1].MeanReward);
        // The update changed the weights.
        var initial = PolicyWeights.Initial(new NetworkShape(StateFeatures.Count, 8, 4), 3);
        Assert.NotEqual(initial.Tensors[0], whole.Weights.Tensors[0]);
    }

    [Fact]
    public void A_checkpoint_of_other_options_is_refused()
    {
        using var dir = new TempDirectory();
        HierarchicalPpo.Train(Scenarios.Default, Ablation.None, Tiny with { Updates = 1 }, dir.Path);
        Assert.Throws<PolicyFileException>(() => HierarchicalPpo.Train(Scenarios.Default, Ablation.None, Tiny with { Seed = 4 }, dir.Path, resume: true));
    }

    private static void Same(PolicyWeights a, PolicyWeights b)
    {
        for (var i = 0; i < a.Tensors.Count; i++)
            Assert.Equal(a.Tensors[i], b.Tensors[i]);
    }
}
