using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Synthetic;
using Splitwise.Testbed.Tests.Traces;

namespace Splitwise.Testbed.Tests.Environment;

public class TraceSplitTests
{
    [Fact]
    public void Training_and_evaluation_are_disjoint_and_each_family_has_its_own_fallback_fitted_to_training_only()
    {
        foreach (var family in new[] { LinkFamily.Static, LinkFamily.Driving })
        {
            Assert.Empty(TraceSplit.Training(family).Intersect(TraceSplit.Evaluation(family)));
            var p = FamilyLinkParameters.Of(family);
            Assert.All(TraceSplit.Training(family), f => Assert.Contains(f, p.FittedTo));
            Assert.All(TraceSplit.Evaluation(family), f => Assert.DoesNotContain(f, p.FittedTo));
        }

        Assert.NotEqual(FamilyLinkParameters.Static.OutageShare, FamilyLinkParameters.Driving.OutageShare);
    }

    [SkippableFact]
    public void The_split_covers_every_real_trace_of_each_family()
    {
        var net = SharedData.RequireNetFolder();
        foreach (var (family, folder) in new[] { (LinkFamily.Static, "static"), (LinkFamily.Driving, "driving") })
        {
            var files = Directory.EnumerateFiles(Path.Combine(net, "5g-download", folder)).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(files, TraceSplit.Training(family).Concat(TraceSplit.Evaluation(family)).Order().ToArray());
        }
    }

    [SkippableFact]
    public void Without_the_real_traces_a_scenario_runs_on_its_family_synthetic_link()
    {
        // Tests run from the build folder, where ../shared is not: the product's own fallback.
        Skip.If(TraceSplit.Available(LinkFamily.Driving));
        var link = Assert.IsType<SyntheticLink>(TraceSplit.Link(LinkFamily.Driving, 3));
        Assert.Same(FamilyLinkParameters.Driving, link.Parameters);
    }
}
