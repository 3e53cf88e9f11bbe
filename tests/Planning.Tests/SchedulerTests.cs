using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;

namespace Splitwise.Planning.Tests;

/// <summary>Each strategy on a tiny pool whose right answers are checked by hand.</summary>
public class SchedulerTests
{
    private static readonly ConfigurationSpace Space = new([0, 1, 2], [600, 1800], ["off", "max"], [true, false]);

    // Cloud: fast, expensive. Split: lucky drawn run (100 ms) but usually 150 ms. Edge: slow, cheap.
    private static readonly ConfigurationProfile Cloud = P(0, 1800, "off", true, 90, 60, [88, 90, 92]);
    private static readonly ConfigurationProfile SplitLucky = P(1, 1800, "max", true, 100, 30, [100, 150, 150, 150, 150]);
    private static readonly ConfigurationProfile Edge = P(2, 600, "max", false, 400, 2, [400]);
    // Not on the front (dominated on its drawn run by SplitLucky) but reliable at 120 ms.
    private static readonly ConfigurationProfile SplitSteady = P(1, 600, "max", true, 120, 35, [118, 120, 121]);

    private static ConfigurationProfile P(int layer, int mhz, string acc, bool gpu, double lat, double energy, double[] samples) =>
        new(new Configuration(layer, mhz, acc, gpu), lat, energy, 0.6, samples, samples.Select(_ => energy).ToArray());

    private static readonly ConfigurationProfile[] Front = [Cloud, SplitLucky, Edge];
    private static readonly ConfigurationProfile[] Measured = [Cloud, SplitLucky, Edge, SplitSteady];

    [Theory]
    [InlineData(500, 2)]   // edge meets it and is cheapest
    [InlineData(130, 1)]   // the lucky split "meets" it by its drawn 100 ms
    [InlineData(95, 0)]    // only cloud
    [InlineData(50, 0)]    // nothing meets it: fastest
    public void DynaSplit_TakesTheCheapestFrontMemberThatMeetsTheThreshold(double threshold, int expectedLayer) =>
        Assert.Equal(expectedLayer, new DynaSplitScheduler(Front).Choose(threshold, null).Configuration.SplitLayer);

    // The repeats say runs vary by up to +50% (SplitLucky 150/100): p80 of the ratios is 1.5.
    private const double LearnedMargin = 1.5;

    [Fact]
    public void Robust_LearnsItsMarginFromTheRepeats_AndAppliesItToSparselyMeasuredConfigurations()
    {
        Assert.Equal(LearnedMargin, RobustScheduler.LearnedMargin(Measured, 0.8), 6);
        Assert.Equal(1.0, RobustScheduler.LearnedMargin([Edge], 0.8));                 // nothing repeated: no margin
        Assert.Equal(400 * LearnedMargin, RobustScheduler.Bound(Edge, 0.8, LearnedMargin), 6);   // one run: slowest x margin
        Assert.Equal(150, RobustScheduler.Bound(SplitLucky, 0.8, LearnedMargin), 6);  // enough runs: their p80
        Assert.Equal(LearnedMargin, new RobustScheduler(Measured, 0.8, 0).Margin, 6);
    }

    [Fact]
    public void Robust_JudgesByThePercentile_AndUsesConfigurationsOffTheFront()
    {
        var robust = new RobustScheduler(Measured, percentile: 0.8, switchCostMs: 0);
        // p80 of the lucky split is 150 ms: at 130 ms the steady one (p80 120.6) is the cheapest safe choice.
        Assert.Equal(SplitSteady, robust.Choose(130, null));
        Assert.Equal(SplitLucky, robust.Choose(160, null));
        // The edge was measured once (400 ms): with the learned margin it is safe only from 600 ms.
        Assert.Equal(SplitLucky, robust.Choose(500, null));
        Assert.Equal(Edge, robust.Choose(600, null));
    }

    [Fact]
    public void Robust_ChargesTheSwitchingDelay()
    {
        // From the edge hardware every other configuration is a hardware change (+137 ms).
        var robust = new RobustScheduler(Measured, percentile: 0.8, switchCostMs: 137);
        // Cloud after the switch: p80 91.2 + 137 = 228.2 ms, the only safe choice at 230 ms.
        Assert.Equal(Cloud, robust.Choose(230, Edge.Configuration));
        // At 200 ms no measured run makes it after a switch (fastest 88 + 137) and the edge (400) not without:
        // the deadline is lost, so the request stays on the cheap edge.
        Assert.Equal(Edge, robust.Choose(200, Edge.Configuration));
        // Without the switch the lucky split (p80 150 ms) is the cheapest safe choice.
        Assert.Equal(SplitLucky, new RobustScheduler(Measured, 0.8, 0).Choose(200, Edge.Configuration));
        // Staying on the current hardware is free.
        Assert.Equal(SplitLucky, robust.Choose(160, SplitLucky.Configuration));
    }

    [Fact]
    public void Robust_WhenNothingCanMakeIt_ServesAtLowestEnergy_ElseMostLikely()
    {
        var robust = new RobustScheduler(Measured, percentile: 0.8, switchCostMs: 0);
        Assert.Equal(Edge, robust.Choose(50, null));   // no measured run anywhere under 50 ms
        Assert.Equal(Cloud, robust.Choose(89, null));  // 1/3 of cloud runs under 89 ms
    }

    [Fact]
    public void Baselines_AreFixed()
    {
        Assert.Equal(Cloud, new CloudOnlyScheduler(Measured, Space).Choose(1000, null));
        Assert.Equal(Edge, new EdgeOnlyScheduler(Measured, Space).Choose(10, null));
        Assert.Equal(Edge, new LowestEnergyScheduler(Front).Choose(10, null));
        Assert.Equal(Cloud, new FastestScheduler(Front).Choose(1000, null));
    }
}
