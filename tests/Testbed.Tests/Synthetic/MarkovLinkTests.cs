using Splitwise.Testbed.Synthetic;
using Splitwise.Testbed.Tests.Traces;
using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Tests.Synthetic;

public class MarkovLinkTests
{
    /// <summary>Two well-separated levels (about 2 and 50 Mbit/s) switching every 20 steps, with an outage every 100.</summary>
    private static double[] TwoLevel(int steps, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, steps).Select(t =>
            t % 100 == 99 ? 0 : (t / 20 % 2 == 0 ? 2 : 50) * Math.Exp(0.1 * (random.NextDouble() - 0.5))).ToArray();
    }

    private static MarkovLinkParameters FitTwoLevel()
    {
        var x = TwoLevel(20_000, 1);
        return MarkovLinkFitter.Fit([x], [x.Select(_ => 30.0).ToArray()], 2, 1, "hand-made");
    }

    [Fact]
    public void Fit_recovers_levels_outage_share_and_persistence_of_a_hand_made_series()
    {
        var p = FitTwoLevel();
        Assert.Equal(2, p.States.Count);
        Assert.InRange(Math.Exp(p.States[0].LogMean), 1.9, 2.1);
        Assert.InRange(Math.Exp(p.States[1].LogMean), 47, 53);
        Assert.Equal(0.01, p.OutageShare, 3);
        // Runs of ~20 steps: staying probability about 19/20 (less the outages that interrupt them).
        Assert.InRange(p.Transitions[0][0], 0.9, 0.97);
        Assert.InRange(p.Transitions[1][1], 0.9, 0.97);
        // After an outage the link comes back in one step.
        Assert.Equal(0, p.Transitions[p.OutageState][p.OutageState]);
        Assert.Equal(30, p.States[0].MeanRttMs, 9);
    }

    [Fact]
    public void Generated_series_reproduce_the_fitted_statistics()
    {
        var real = TwoLevel(20_000, 1);
        var p = FitTwoLevel();
        var (synthetic, rtt) = MarkovLinkGenerator.Generate(p, 20_000, new Random(7));
        var r = LinkStatistics.Of([real], 3);
        var s = LinkStatistics.Of([synthetic], 3);
        Assert.InRange(s.MeanMbps, r.MeanMbps * 0.85, r.MeanMbps * 1.15);
        Assert.InRange(s.OutageRate, 0.006, 0.014);
        Assert.InRange(s.Autocorrelation[0], r.Autocorrelation[0] - 0.1, r.Autocorrelation[0] + 0.1);
        Assert.All(synthetic, c => Assert.True(c == 0 || (c >= 1.8 && c <= 56)));
        Assert.All(rtt, v => Assert.Equal(30, v, 9));
    }

    [Fact]
    public void Same_seed_same_link_and_parameters_survive_json()
    {
        var p = FitTwoLevel();
        var again = MarkovLinkParameters.FromJson(p.ToJson());
        Assert.Equal(p.ToJson(), again.ToJson());
        var a = new SyntheticLink(again, seed: 3, TimeSpan.FromMinutes(10));
        var b = new SyntheticLink(p, seed: 3, TimeSpan.FromMinutes(10));
        var c = new SyntheticLink(p, seed: 4, TimeSpan.FromMinutes(10));
        var times = Enumerable.Range(0, 600).Select(i => TimeSpan.FromSeconds(i + 0.5)).ToList();
        Assert.Equal(times.Select(a.At), times.Select(b.At));
        Assert.NotEqual(times.Select(a.At), times.Select(c.At));
        Assert.Equal(a.At(TimeSpan.FromSeconds(5)), a.At(TimeSpan.FromSeconds(605))); // loops
    }

    [Fact]
    public void Statistics_of_a_hand_checkable_series()
    {
        var s = LinkStatistics.Of([[1, 3, 1, 3], [0, 0]], 1);
        Assert.Equal(8.0 / 6, s.MeanMbps, 9);
        Assert.Equal(2.0 / 6, s.OutageRate, 9);
        Assert.Equal(2, s.MeanOutageSteps, 9); // one run of two
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_reason()
    {
        var p = FitTwoLevel();
        Assert.Contains("row 0", Assert.Throws<ArgumentException>(() =>
            (p with { Transitions = [[0.5, 0.4, 0], [0, 1, 0], [0, 0, 1]] }).Validated()).Message);
        Assert.Contains("AR(1)", Assert.Throws<ArgumentException>(() => (p with { Ar1 = 1 }).Validated()).Message);
        Assert.Throws<ArgumentException>(() => MarkovLinkFitter.Fit([[0, 0, 0]], [[1, 1, 1]], 2, 1, "all outage"));
        Assert.Throws<ArgumentException>(() => MarkovLinkParameters.FromJson("{ not json"));
    }

    [Fact]
    public void Shipped_default_parses_and_drives_a_link_without_shared_data()
    {
        var p = DefaultLinkParameters.Value;
        Assert.Equal(8, p.States.Count);
        Assert.Contains("../shared/data/net", p.FittedTo);
        var link = SyntheticLink.Default(seed: 1, TimeSpan.FromHours(1), uplinkRatio: 0.5);
        var states = Enumerable.Range(0, 3600).Select(i => link.At(TimeSpan.FromSeconds(i))).ToList();
        Assert.All(states.Where(s => s.Up), s => Assert.Equal(s.DownlinkMbps * 0.5, s.UplinkMbps, 9));
        Assert.InRange(states.Count(s => !s.Up) / 3600.0, 0.005, 0.05);
    }

    [SkippableFact]
    public void Refitting_the_real_traces_reproduces_the_shipped_default()
    {
        var traces = TraceFiles.LoadAll(SharedData.RequireNetFolder());
        var fitted = MarkovLinkFitter.Fit(traces, 8, "15 trace files under ../shared/data/net");
        Assert.Equal(DefaultLinkParameters.Value.ToJson(), fitted.ToJson());
    }
}
