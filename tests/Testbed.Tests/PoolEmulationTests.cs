using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;

namespace Splitwise.Testbed.Tests;

/// <summary>What an offline measurement and an outcome are in each emulation mode, on a pool small enough to enumerate.</summary>
public class PoolEmulationTests
{
    private static readonly Configuration Once = new(3, 600, "max", true);
    private static readonly Configuration Twice = new(0, 1800, "off", true);

    // Between-run ratios of the pool: 110/100 and 100/110.
    private static readonly MeasurementPool Pool = new([
        new PoolRun(Once, 200, 5, 0.6, 2), new PoolRun(Twice, 100, 60, 0.6, 3), new PoolRun(Twice, 110, 61, 0.6, 4)]);

    private static List<double> Trials(PoolEmulation emulation, Configuration c, int count)
    {
        var measurer = emulation.OfflineMeasurer(1);
        var random = new Random(5);
        return Enumerable.Range(0, count).Select(_ => measurer.Measure(c, random).LatencyMs).ToList();
    }

    private static StrategyOutcome Serve(PoolEmulation emulation, Configuration c) =>
        PoolReplay.Run(new DynaSplitScheduler([Pool.Profile(c, Pool.RunsOf(c)[0])]), Enumerable.Repeat(1000.0, 40).ToList(),
            Pool, Pool.Space(), seed: 9, rerunNoise: emulation.Outcomes);

    [Fact]
    public void TrialNoise_MeasuresIndependentTrials_ButTheOutcomeIsThePoolRow()
    {
        var trial = PoolEmulation.Trial(Pool);
        Assert.Null(trial.Outcomes);
        var trials = Trials(trial, Once, 40);
        Assert.DoesNotContain(200.0, trials); // a run recorded once is never measured as itself
        Assert.Equal([Math.Round(200 * 100 / 110.0, 9), Math.Round(200 * 1.1, 9)], trials.Select(l => Math.Round(l, 9)).Distinct().Order());
        Assert.All(Trials(trial, Twice, 20), l => Assert.Contains(l, new[] { 100.0, 110 })); // recorded more often: its runs
        Assert.All(Serve(trial, Once).Requests, r => Assert.Equal(200, r.LatencyMs));
    }

    [Fact]
    public void Literal_MeasuresAndServesPoolRows_Rerun_PutsNoiseOnBoth()
    {
        var literal = PoolEmulation.Literal(Pool);
        Assert.All(Trials(literal, Once, 10), l => Assert.Equal(200, l));
        Assert.All(Serve(literal, Once).Requests, r => Assert.Equal(200, r.LatencyMs));
        Assert.False(literal.IsEmulated);

        var rerun = PoolEmulation.Rerun(Pool);
        Assert.DoesNotContain(200.0, Trials(rerun, Once, 20));
        Assert.DoesNotContain(200.0, Serve(rerun, Once).Requests.Select(r => r.LatencyMs));
        Assert.True(rerun.IsEmulated);
    }

    [Fact]
    public void Trials_AreSeeded() =>
        Assert.Equal(Trials(PoolEmulation.Trial(Pool), Once, 30), Trials(PoolEmulation.Trial(Pool), Once, 30));

    [Fact]
    public void EmulationsNeedARepeatedConfiguration()
    {
        var single = new MeasurementPool([new PoolRun(Once, 200, 5, 0.6, 2)]);
        Assert.Throws<ArgumentException>(() => PoolEmulation.Trial(single));
        Assert.Throws<ArgumentException>(() => PoolEmulation.IidTrial(single));
        Assert.Equal("literal", PoolEmulation.Literal(single).Name);
    }
}

/// <summary>`--iid-trials`: trials of a configuration recorded once share where its recorded run sits in the borrowed spread.</summary>
public class TrialMeasurerTests
{
    private static readonly Configuration Once = new(3, 600, "max", true);
    private static readonly Configuration Repeated = new(0, 1800, "off", true);

    // One repeated configuration with three runs: the recorded run of `Once` stands in for one of them (b), and
    // every trial is 200 x a / b for one of the other two (a).
    private static readonly MeasurementPool Pool = new([
        new PoolRun(Once, 200, 5, 0.6, 2), new PoolRun(Repeated, 100, 60, 0.6, 3), new PoolRun(Repeated, 110, 61, 0.6, 4),
        new PoolRun(Repeated, 121, 62, 0.6, 5)]);

    private static double[] DistinctTrials(int worldSeed, int randomSeed)
    {
        var measurer = new TrialMeasurer(Pool, worldSeed);
        var random = new Random(randomSeed);
        return Enumerable.Range(0, 60).Select(_ => Math.Round(measurer.Measure(Once, random).LatencyMs, 9)).Distinct().Order().ToArray();
    }

    [Fact]
    public void TrialsScatterAroundOneStandIn_SharedBySearchesOfTheSameWorld()
    {
        var trials = DistinctTrials(worldSeed: 4, randomSeed: 1);
        Assert.Equal(2, trials.Length);                 // a ranges over the two runs other than b
        Assert.DoesNotContain(200.0, trials);
        var ratio = trials[1] / trials[0];              // two trials differ by the ratio of two runs (1.1, 1.21 or 1.1^2)
        Assert.Contains(Math.Round(ratio, 9), new[] { 1.1, 1.21 });
        Assert.Equal(trials, DistinctTrials(worldSeed: 4, randomSeed: 2)); // another search, same world: same stand-in
        Assert.Equal(5, new TrialMeasurer(Pool, 4).Measure(Once, new Random(3)).EnergyJ); // energy is the recorded run's
    }

    [Fact]
    public void ARunRecordedMoreOftenIsMeasuredAsOneOfItsRuns()
    {
        var measurer = new TrialMeasurer(Pool, 1);
        var random = new Random(1);
        Assert.All(Enumerable.Range(0, 20).Select(_ => measurer.Measure(Repeated, random).LatencyMs), l => Assert.Contains(l, new[] { 100.0, 110, 121 }));
    }
}
