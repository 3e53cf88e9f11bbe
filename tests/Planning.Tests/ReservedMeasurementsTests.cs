using Splitwise.Planning.DynaSplit;

namespace Splitwise.Planning.Tests;

/// <summary>Our offline phase: repeats cost budget, anchors come first, repeats go to the likely picks.</summary>
public class ReservedMeasurementsTests
{
    private static ConfigurationSpace VggLike() =>
        new(Enumerable.Range(0, 23), [600, 800, 1000, 1200, 1400, 1600, 1800], ["off", "std", "max"], [true, false]);

    /// <summary>A testbed whose every run varies: latency up to +20% over the configuration's base.</summary>
    private sealed class NoisyMeasurer : IConfigurationMeasurer
    {
        public List<Configuration> Calls { get; } = [];

        public bool CanMeasure(Configuration configuration) => true;

        public ConfigurationProfile Measure(Configuration c, Random random)
        {
            Calls.Add(c);
            var latency = (100 + 20 * c.SplitLayer - c.CpuFrequencyMHz / 100.0) * (1 + 0.2 * random.NextDouble());
            var energy = 70 - 3 * c.SplitLayer + c.CpuFrequencyMHz / 200.0;
            return new ConfigurationProfile(c, latency, energy, 0.6, [latency], [energy]);
        }
    }

    [Fact]
    public void MeasureAgain_CostsBudget_AppendsTheRun_AndKeepsTheFirstRunAsObjectives()
    {
        var measurer = new NoisyMeasurer();
        var ledger = new BudgetedMeasurer(VggLike(), measurer, 3, new Random(1));
        var c = new Configuration(3, 600, "off", true);
        Assert.Throws<InvalidOperationException>(() => ledger.MeasureAgain(c));
        var first = ledger.Measure(c)!;
        var again = ledger.MeasureAgain(c)!;
        Assert.Equal(2, ledger.Spent);
        Assert.Equal(first.LatencyMs, again.LatencyMs);
        Assert.Equal(2, again.LatencySamplesMs.Length);
        Assert.Equal(first.LatencyMs, again.LatencySamplesMs[0]);
        Assert.NotEqual(again.LatencySamplesMs[0], again.LatencySamplesMs[1]);
        Assert.Same(again, ledger.Measured.Single());
        Assert.NotNull(ledger.MeasureAgain(c));
        Assert.Null(ledger.MeasureAgain(c)); // budget spent
        Assert.Equal(3, measurer.Calls.Count);
    }

    [Fact]
    public void Reserve_SpendsTheWholeBudget_OnAnchorsFirst_ThenRepeatsOfFrontMembers()
    {
        var space = VggLike();
        var measurer = new NoisyMeasurer();
        var options = new OfflineSearchOptions { BudgetFraction = 0.1, Seed = 2, ReservedMeasurements = 15, MaxRunsPerConfiguration = 4 };
        var result = OfflineSearch.Run(space, measurer, options);

        Assert.Equal(result.Budget, measurer.Calls.Count);
        Assert.Equal(result.Budget, result.Measured.Sum(p => p.LatencySamplesMs.Length));
        var anchors = OfflineSearch.FastestAnchors(space).Select(space.Decode).ToList();
        Assert.All(anchors, a => Assert.Contains(result.Measured, p => p.Configuration == a));
        // Every configuration measured more than once was, when repeated, a (slowest run, mean energy) front member or an anchor.
        var repeated = result.Measured.Where(p => p.LatencySamplesMs.Length > 1).ToList();
        Assert.NotEmpty(repeated);
        Assert.All(repeated, p => Assert.InRange(p.LatencySamplesMs.Length, 2, 4));
        Assert.Contains(repeated, p => p.Configuration == anchors[0]); // the fastest cloud-only configuration is repeated first
        Assert.Null(ReservedMeasurements.NextRepeat(result.Measured.Select(p => p with
        {
            LatencySamplesMs = [.. Enumerable.Repeat(p.LatencyMs, 4)], EnergySamplesJ = [.. Enumerable.Repeat(p.EnergyJ, 4)],
        }).ToList(), 4));
    }

    [Fact]
    public void Reserve_NsgaPartIsThePapersSearchStoppedEarly()
    {
        var space = VggLike();
        var paper = OfflineSearch.Run(space, new NoisyMeasurer(), new OfflineSearchOptions { BudgetFraction = 0.1, Seed = 4 });
        var ours = OfflineSearch.Run(space, new NoisyMeasurer(), new OfflineSearchOptions { BudgetFraction = 0.1, Seed = 4, ReservedMeasurements = 10 });
        var nsgaPart = paper.Budget - 10;
        Assert.Equal(paper.Measured.Take(nsgaPart).Select(p => p.Configuration), ours.Measured.Take(nsgaPart).Select(p => p.Configuration));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            OfflineSearch.Run(space, new NoisyMeasurer(), new OfflineSearchOptions { BudgetFraction = 0.1, ReservedMeasurements = paper.Budget }));
    }

    [Fact]
    public void NextRepeat_PicksTheLeastSampledFrontMember_FasterFirst()
    {
        static ConfigurationProfile P(int layer, double[] lat, double energy) =>
            new(new Configuration(layer, 600, "off", true), lat[0], energy, 0.6, lat, lat.Select(_ => energy).ToArray());
        var fastOnce = P(1, [100], 60);
        var slowOnce = P(2, [300], 10);
        var fastTwice = P(3, [90, 95], 65);
        var dominated = P(4, [400], 70);
        Assert.Equal(fastOnce.Configuration, ReservedMeasurements.NextRepeat([fastOnce, slowOnce, fastTwice, dominated], 3));
        Assert.Equal(fastTwice.Configuration, ReservedMeasurements.NextRepeat([fastOnce with { LatencySamplesMs = [100, 101, 102] }, slowOnce with { LatencySamplesMs = [300, 300, 300] }, fastTwice], 3));
        // Off the front, an anchor is still repeated (least sampled first), until it has its runs.
        Assert.Equal(dominated.Configuration, ReservedMeasurements.NextRepeat([fastOnce with { LatencySamplesMs = [100, 101] }, slowOnce with { LatencySamplesMs = [300, 300] }, dominated], 3, [dominated.Configuration]));
        Assert.Null(ReservedMeasurements.NextRepeat([slowOnce with { LatencySamplesMs = [300, 300] }, dominated with { LatencySamplesMs = [400, 400] }], 2, [dominated.Configuration]));
    }
}
