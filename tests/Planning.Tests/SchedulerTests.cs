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

    private static ConfigurationProfile P(int layer, int mhz, string acc, bool gpu, double lat, double energy, double[] samples) =>
        new(new Configuration(layer, mhz, acc, gpu), lat, energy, 0.6, samples, samples.Select(_ => energy).ToArray());

    private static readonly ConfigurationProfile[] Front = [Cloud, SplitLucky, Edge];
    private static readonly ConfigurationProfile[] Measured = [Cloud, SplitLucky, Edge];

    [Theory]
    [InlineData(500, 2)]   // edge meets it and is cheapest
    [InlineData(130, 1)]   // the lucky split "meets" it by its drawn 100 ms
    [InlineData(95, 0)]    // only cloud
    [InlineData(50, 0)]    // nothing meets it: fastest
    public void DynaSplit_TakesTheCheapestFrontMemberThatMeetsTheThreshold(double threshold, int expectedLayer) =>
        Assert.Equal(expectedLayer, new DynaSplitScheduler(Front).Choose(threshold, null).Configuration.SplitLayer);

    // Forecasts by hand. Split ratios (SplitLucky's 20 ordered pairs): 100/150 x4, 150/100 x4, 1 x12.
    // Cloud ratios: the 6 pairs of 88/90/92. Edge ratios: 400/440 and 440/400.
    private static readonly ConfigurationProfile EdgeTwice = P(2, 600, "max", false, 400, 2, [400, 440]);
    private static readonly ConfigurationProfile SplitOnce = P(1, 600, "max", true, 120, 35, [120]);
    private static readonly ConfigurationProfile[] Runs = [Cloud, SplitLucky, EdgeTwice, SplitOnce];

    private static RobustScheduler Robust(double switchCostMs = 0, double missCostJ = 200) => new(Runs, Space, 0.8, switchCostMs, missCostJ);

    [Fact]
    public void Forecast_IsEveryRunTimesEveryRatio()
    {
        var forecast = new LatencyForecast([100], [0.9, 1.0, 1.2]);
        Assert.Equal(0, forecast.Probability(89));
        Assert.Equal(1 / 3.0, forecast.Probability(95), 12);
        Assert.Equal(2 / 3.0, forecast.Probability(100), 12); // at the threshold counts as met
        Assert.Equal(1, forecast.Probability(120));
        Assert.Throws<ArgumentException>(() => new LatencyForecast([], [1.0]));
    }

    [Fact]
    public void Ratios_AreLearnedPerPlacement_FromRepeatsOnly()
    {
        var ratios = LatencyForecast.LearnedRatios(Runs, Space);
        Assert.Equal(6, ratios[Placement.Cloud].Length);
        Assert.Equal(20, ratios[Placement.Split].Length);               // SplitOnce, one run, adds none
        Assert.Equal([1.1, 400 / 440.0], ratios[Placement.Edge].Order().Reverse().ToArray());
        // A placement nobody repeated borrows every repeat's ratios; with no repeat at all the runs are all there is.
        Assert.Equal(6, LatencyForecast.LearnedRatios([Cloud, SplitOnce], Space)[Placement.Split].Length);
        Assert.Equal([1.0], LatencyForecast.LearnedRatios([SplitOnce, EdgeTwice with { LatencySamplesMs = [400] }], Space)[Placement.Edge]);
    }

    [Fact]
    public void Robust_ReadsTheChanceOffRunsTimesRatios()
    {
        var robust = Robust();
        Assert.Equal(0.75, robust.Chance(EdgeTwice, 450, null), 12);     // two runs x ratios^(1/sqrt 2): {373.9, 411.3, 427.9, 470.7}
        Assert.Equal(0.8, robust.Chance(SplitOnce, 130, null), 12);      // one run x split ratios: {80 x4, 120 x12, 180 x4}
        Assert.Equal(0.36, robust.Chance(SplitLucky, 130, null), 12);    // 100 x {83.4, 100, 119.9}: 20; each 150 x 100/150^(1/sqrt 5) = 125.1: 4 x 4
        Assert.Equal(1, robust.Chance(Cloud, 95, null), 12);             // the slowest: 92 x (92/88)^(1/sqrt 3) = 94.4
    }

    [Theory]
    [InlineData(600, 2)]   // the edge is certain and cheapest
    [InlineData(450, 1)]   // edge 75% (2 + 50 J) vs the lucky split, certain at 30 J
    [InlineData(130, 1)]   // the lucky split has 36%: the one-run split (80%, 35 + 40 J) is the first confident
    [InlineData(95, 0)]    // the cloud is certain (60 J) and beats every cheaper, less likely choice
    [InlineData(50, 2)]    // no chance anywhere: served late at the lowest energy
    public void Robust_TakesTheLowestExpectedCost_UpToTheFirstConfidentConfiguration(double threshold, int expectedLayer)
    {
        var chosen = Robust().Choose(threshold, null);
        Assert.Equal(expectedLayer, chosen.Configuration.SplitLayer);
        if (threshold == 130)
            Assert.Equal(SplitOnce, chosen);
    }

    [Fact]
    public void Robust_PricesAMiss_ACheapMissCanBeatAnExpensiveHit()
    {
        // At 95 ms the cloud is certain; priced at 50 J a miss is cheaper than the cloud's 58 J over the edge.
        Assert.Equal(Cloud, Robust(missCostJ: 200).Choose(95, null));
        Assert.Equal(EdgeTwice, Robust(missCostJ: 50).Choose(95, null));
    }

    [Fact]
    public void Robust_ChargesTheSwitchingDelay()
    {
        // From the edge every other configuration is a hardware change (+137 ms): at 230 ms only the cloud's
        // fast runs leave room (15/18 of its forecast under 93 ms); without the switch the lucky split is certain.
        Assert.Equal(Cloud, Robust(switchCostMs: 137).Choose(230, EdgeTwice.Configuration));
        Assert.Equal(SplitLucky, Robust().Choose(230, EdgeTwice.Configuration));
        // Staying on the current hardware is free.
        Assert.Equal(SplitLucky, Robust(switchCostMs: 137).Choose(170, SplitLucky.Configuration));
    }

    [Fact]
    public void Forecast_ShrinksTheBorrowedSpread_AsRunsAccumulate()
    {
        // Four runs: the ratios count to the power 1/2, so 0.81 and 1.21 spread them to 90 and 110, not 81 and 121.
        var forecast = new LatencyForecast([100, 100, 100, 100], [0.81, 1.0, 1.21]);
        Assert.Equal(0, forecast.Probability(89.9));
        Assert.Equal(1 / 3.0, forecast.Probability(90.0001), 12);
        Assert.Equal(1, forecast.Probability(110.0001));
    }

    [Fact]
    public void Robust_LearnsFromTheRequestsItServed()
    {
        var robust = Robust();
        Assert.Equal(SplitOnce, robust.Choose(130, null));
        // Served at 200 ms three times: {120, 200, 200, 200} x ratios^(1/2) leaves it 20% at 130, and the certain cloud wins.
        for (var i = 0; i < 3; i++)
            robust.Observe(SplitOnce.Configuration, 200);
        Assert.Equal(0.2, robust.Chance(SplitOnce, 130, null), 12);
        Assert.Equal(Cloud, robust.Choose(130, null));
        // Only the latest requests count: once they are back at 120 ms, the slow ones have left the window.
        for (var i = 0; i < RobustScheduler.ObservedWindow; i++)
            robust.Observe(SplitOnce.Configuration, 120);
        Assert.Equal(SplitOnce, robust.Choose(130, null));
    }

    [Fact]
    public void Robust_IgnoresConfigurationsItNeverMeasured_AndRejectsImpossibleLatencies()
    {
        var robust = Robust();
        robust.Observe(new Configuration(1, 600, "off", true), 1); // never measured: never chosen, nothing to learn
        Assert.Equal(SplitOnce, robust.Choose(130, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => robust.Observe(SplitOnce.Configuration, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => robust.Observe(SplitOnce.Configuration, -1));
    }

    [Fact]
    public void OpenLoopSchedulers_IgnoreObservations()
    {
        IOnlineScheduler dynasplit = new DynaSplitScheduler(Front);
        dynasplit.Observe(SplitLucky.Configuration, 1e6);
        Assert.Equal(SplitLucky, dynasplit.Choose(130, null));
    }

    [Fact]
    public void Robust_RejectsNonsense()
    {
        Assert.Throws<ArgumentException>(() => new RobustScheduler([], Space));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustScheduler(Runs, Space, confidence: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustScheduler(Runs, Space, missCostJ: -1));
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
