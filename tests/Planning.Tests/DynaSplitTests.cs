using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;

namespace Splitwise.Planning.Tests;

public class DynaSplitTests
{
    private static ConfigurationSpace VggLike(bool edgeAcc = true) =>
        new(Enumerable.Range(0, 23), [600, 800, 1000, 1200, 1400, 1600, 1800], ["off", "std", "max"], [true, false], edgeAcc);

    [Fact]
    public void Space_ValidityRulesGiveThePapersSize()
    {
        var space = VggLike();
        // layer 0: 7 x off x 2; layer 22: 7 x 3 x CPU-only; layers 1..21: 7 x 3 x 2.
        Assert.Equal(14 + 21 + 21 * 42, space.EnumerateValid().Count());
        Assert.False(space.IsValid(new Configuration(0, 600, "max", true)));   // edge accelerator without edge layers
        Assert.False(space.IsValid(new Configuration(22, 600, "off", true)));  // cloud GPU without cloud layers
        Assert.True(space.IsValid(new Configuration(5, 600, "std", true)));
        Assert.False(space.IsValid(new Configuration(5, 700, "std", true)));   // not a knob value
    }

    [Fact]
    public void Space_ModelWithoutEdgeAccelerator_ForbidsEveryAcceleratedMode()
    {
        var space = VggLike(edgeAcc: false);
        Assert.False(space.IsValid(new Configuration(5, 600, "std", true)));
        Assert.All(space.EnumerateValid(), c => Assert.Equal("off", c.EdgeAccelerator));
    }

    private sealed class CountingMeasurer(Func<Configuration, bool> can) : IConfigurationMeasurer
    {
        public List<Configuration> Calls { get; } = [];

        public bool CanMeasure(Configuration configuration) => can(configuration);

        public ConfigurationProfile Measure(Configuration c, Random random)
        {
            Calls.Add(c);
            var latency = 100 + 20 * c.SplitLayer - c.CpuFrequencyMHz / 100.0;
            var energy = 70 - 3 * c.SplitLayer + c.CpuFrequencyMHz / 200.0;
            return new ConfigurationProfile(c, latency, energy, 0.6, [latency], [energy]);
        }
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(1.0)]
    public void OfflineSearch_NeverExceedsTheBudget_NorMeasuresTwice(double fraction)
    {
        var space = VggLike();
        var measurer = new CountingMeasurer(c => c.SplitLayer != 7); // one layer "not recorded"
        var result = OfflineSearch.Run(space, measurer, new OfflineSearchOptions { BudgetFraction = fraction, Seed = 3 });

        var valid = space.EnumerateValid().Count();
        var measurable = space.EnumerateValid().Count(c => c.SplitLayer != 7);
        Assert.Equal(Math.Min(measurable, (int)Math.Ceiling(fraction * valid - 1e-9)), result.Budget);
        Assert.True(measurer.Calls.Count <= result.Budget);
        Assert.Equal(measurer.Calls.Count, measurer.Calls.Distinct().Count());
        Assert.All(measurer.Calls, c => Assert.True(space.IsValid(c) && c.SplitLayer != 7));
        Assert.Equal(measurer.Calls.Count, result.Measured.Count);
        Assert.NotEmpty(result.Front);
    }

    [Fact]
    public void BudgetedMeasurer_RepeatsAreFree_AndInvalidIsNeverSent()
    {
        var measurer = new CountingMeasurer(_ => true);
        var ledger = new BudgetedMeasurer(VggLike(), measurer, 2, new Random(1));
        var a = new Configuration(3, 600, "off", true);
        Assert.NotNull(ledger.Measure(a));
        Assert.NotNull(ledger.Measure(a));
        Assert.Null(ledger.Measure(new Configuration(0, 600, "max", true)));
        Assert.NotNull(ledger.Measure(new Configuration(4, 600, "off", true)));
        Assert.Null(ledger.Measure(new Configuration(5, 600, "off", true))); // budget spent
        Assert.Equal(2, measurer.Calls.Count);
        Assert.Equal(2, ledger.Spent);
    }
}
