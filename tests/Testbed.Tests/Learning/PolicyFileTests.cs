using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Learning;
using Splitwise.Testbed.Policies;

namespace Splitwise.Testbed.Tests.Learning;

public class PolicyFileTests
{
    private static readonly NetworkShape Shape = new(StateFeatures.Count, 16, 8);

    private static PolicyHeader Header() => new("splitwise-policy", PolicyFile.Version, "commuter", "None", "int8", "llama-7b", "s23",
        Shape.Features, Shape.Hidden, Shape.LstmHidden, new PpoOptions(Hidden: 16, LstmHidden: 8), 3, 1.5, -0.5, "train-policy --scenario commuter");

    [Fact]
    public void A_written_policy_reads_back_with_the_same_header_and_weights()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "p.policy");
        var weights = PolicyWeights.Initial(Shape, 2);
        PolicyFile.Write(path, Header(), weights);
        var (header, read) = PolicyFile.Read(path, "train");
        Assert.Equal("commuter", header.Scenario);
        Assert.Equal(16, header.Hidden);
        Assert.Equal(weights.Tensors.Count, read.Tensors.Count);
        for (var i = 0; i < weights.Tensors.Count; i++)
            Assert.Equal(weights.Tensors[i], read.Tensors[i]);
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_a_typed_error_naming_the_file()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "p.policy");
        PolicyFile.Write(path, Header(), PolicyWeights.Initial(Shape, 2));
        var bytes = File.ReadAllBytes(path);
        foreach (var cut in new[] { 3, 20, bytes.Length / 2, bytes.Length - 2 })
        {
            File.WriteAllBytes(path, bytes[..cut]);
            var e = Assert.ThrowsAny<PolicyFileException>(() => PolicyFile.Read(path, "train"));
            Assert.Contains(path, e.Message);
            Assert.IsNotType<MissingPolicyException>(e);
        }

        File.WriteAllText(path, "not a policy at all, just some text that is long enough");
        Assert.Contains("not a policy file", Assert.Throws<PolicyFileException>(() => PolicyFile.Read(path, "train")).Message);
    }

    [Fact]
    public void A_missing_learned_policy_names_the_path_and_the_command_that_trains_it()
    {
        using var dir = new TempDirectory();
        var world = new Testbed.Environment.World(Scenarios.Default with { Requests = 5 }, 1, new Links.ConstantLink(20, 20));
        var e = Assert.Throws<MissingPolicyException>(() => world.Policy("splitwise-layerwise", policyDirectory: dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "splitwise-layerwise-commuter.policy"), e.Message);
        Assert.Contains("train-policy --scenario commuter --ablation layerwise", e.Message);
    }

    [Fact]
    public void The_catalog_knows_the_learned_names_but_all_stays_the_hand_made_policies()
    {
        Assert.Equal(["splitwise", "drift-plus-penalty"], PolicyCatalog.Parse("splitwise,drift-plus-penalty"));
        Assert.DoesNotContain("splitwise", PolicyCatalog.Parse("all"));
        Assert.Throws<UnknownPolicyException>(() => PolicyCatalog.Parse("splitwise-nope"));
    }

    [Fact]
    public void A_loaded_policy_decides_plans_the_environment_accepts_and_allocates_nothing_once_warm()
    {
        using var dir = new TempDirectory();
        var world = new Testbed.Environment.World(Scenarios.Default with { Requests = 20 }, 1);
        PolicyFile.Write(LearnedPolicy.PathOf(dir.Path, "splitwise", "commuter"), Header(), PolicyWeights.Initial(Shape, 4));
        var policy = Assert.IsType<LearnedPolicy>(world.Policy("splitwise", policyDirectory: dir.Path));
        var env = SplitEnvironment.Reset(world);
        var observations = new List<Splitwise.Planning.Policies.Observation>();
        for (var e = 0; e < 200; e++)
        {
            observations.Add(env.Observation);
            var (_, outcome) = env.Step(policy.Decide(env.Observation));
            Assert.False(outcome.PlanRejected);
        }

        foreach (var o in observations)
            policy.Decide(o);
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var o in observations)
            policy.Decide(o);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
