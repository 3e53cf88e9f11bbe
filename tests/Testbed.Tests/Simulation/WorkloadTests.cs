using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class WorkloadTests
{
    [Fact]
    public void Poisson_arrivals_are_seeded_ordered_and_at_the_asked_rate()
    {
        var a = WorkloadGenerator.Poisson(5000, 2.0, (10, 20), (5, 6), seed: 9);
        Assert.Equal(a, WorkloadGenerator.Poisson(5000, 2.0, (10, 20), (5, 6), seed: 9));
        Assert.True(a.Zip(a.Skip(1)).All(p => p.First.ArrivalSeconds <= p.Second.ArrivalSeconds));
        Assert.InRange(a.Count / a[^1].ArrivalSeconds, 1.9, 2.1);
        Assert.All(a, r => Assert.InRange(r.PromptTokens, 10, 20));
    }

    [Fact]
    public void An_arrival_file_is_read_and_a_bad_line_is_named()
    {
        using var dir = new TempDirectory();
        var good = Path.Combine(dir.Path, "good.csv");
        File.WriteAllText(good, "arrival_s,prompt,output\n0.5,10,20\n# comment\n1.5,11,21\n");
        Assert.Equal([new RequestSpec(0, 0.5, 10, 20), new RequestSpec(1, 1.5, 11, 21)], ArrivalFile.Load(good));

        var bad = Path.Combine(dir.Path, "bad.csv");
        File.WriteAllText(bad, "0.5,10,20\n0.2,10,20\n");
        var e = Assert.Throws<TestbedFormatException>(() => ArrivalFile.Load(bad));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Policies_are_named_or_all_and_an_unknown_name_is_a_typed_error()
    {
        Assert.Equal(PolicyCatalog.Names, PolicyCatalog.Parse("all"));
        Assert.Equal(["clairvoyant", "greedy"], PolicyCatalog.Parse("clairvoyant, greedy"));
        var e = Assert.Throws<UnknownPolicyException>(() => PolicyCatalog.Parse("clairvoyant,magic"));
        Assert.Contains("magic", e.Message);
    }
}
