using Splitwise.Contracts;
using Splitwise.Inference.Models.Gpt2;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Controller;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;
using Splitwise.Testbed.Tests.Cost;

namespace Splitwise.Testbed.Tests.Controller;

public class LivePoliciesTests
{
    // The fabric tests' tiny GPT-2 and its default cut (4 head groups, 4 FFN slices).
    private static readonly Gpt2Config Tiny = new(NLayer: 4, NHead: 4, DModel: 64, NCtx: 64, VocabSize: 256);

    internal static LiveSetup Setup(string codec = "fp32", double callOverheadSeconds = 0) =>
        new(Tiny.Shape, DecompositionSpec.Default(Tiny.NHead), DeviceProfiles.RaspberryPi5, Calibrations.Known, codec, new RequestShape(12, 24), 0.5, callOverheadSeconds);

    [Theory]
    [InlineData("clairvoyant")]
    [InlineData("best-static-cut")]
    [InlineData("splitwise-typo")]
    public void APolicyThatCannotRunLiveIsATypedError(string name)
    {
        var e = Assert.Throws<PolicyUnavailableException>(() => LivePolicies.Create(name, Setup()));
        Assert.Equal(name, e.Policy);
        Assert.Contains("drift-plus-penalty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLearnedPolicyPlugsInAndWithoutItsFileSaysHowToTrainIt()
    {
        Assert.Contains("splitwise", LivePolicies.Names);
        var empty = Path.Combine(Path.GetTempPath(), "splitwise-no-policies-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<PolicyUnavailableException>(() => LivePolicies.Create("splitwise", Setup(), learned: new Policies.LearnedPolicySource(empty, "commuter")));
        Assert.Contains("train-policy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DriftPlusPenaltyMovesTheModelToTheEdgeWhenTheLinkCollapsesAndBackWhenItRecovers()
    {
        var setup = Setup();
        var policy = LivePolicies.Create("drift-plus-penalty", setup);
        var builder = setup.Observations(LinkEstimator.Unmeasured);
        var good = new ConstantLink(10_000, 10_000, 0.05);
        var collapsed = new ConstantLink(0.2, 0.2, 300);
        string Decide(ILinkModel link, double t)
        {
            var sums = LinkEstimatorTests.Crossings(link, TimeSpan.Zero, 2048, 2);
            var (o, _, _) = builder.Next(new LiveMeasurement(t, sums, false, 1, 0, 0));
            return Placement(policy.Decide(o));
        }

        var before = Decide(good, 0.5);
        var during = Decide(collapsed, 1.0);
        var after = Decide(good, 1.5);
        Assert.Contains('C', before);
        Assert.Equal("EEEE", during);
        Assert.Equal(before, after);
    }

    private static string Placement(Contracts.Plans.PartitionPlan plan) =>
        string.Concat(Enumerable.Range(0, plan.Layers).Select(l => plan.Tiers.Where(kv => kv.Key.Layer == l).All(kv => kv.Value == Tier.Edge) ? 'E' : 'C'));
}
