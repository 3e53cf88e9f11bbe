using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed;

namespace Splitwise.Testbed.Tests;

public class PoolCsvTests
{
    private const string Header = "accuracy,latency,energy,cpu-freq,layer,edge-accelerator,server-accelerator";

    private static List<PoolRun> Parse(string text) => PoolCsv.Read(new StringReader(text), "pool.csv");

    [Fact]
    public void Parses_ThePapersFormat_IncludingFloatWrittenIntegers()
    {
        var runs = Parse($"{Header}\n0.603,428.2,2.23,1200.0,22.0,max,False\n0.605,95.3,67.0,1800,0,off,True\n");
        Assert.Equal(2, runs.Count);
        Assert.Equal(22, runs[0].Configuration.SplitLayer);
        Assert.Equal(1200, runs[0].Configuration.CpuFrequencyMHz);
        Assert.False(runs[0].Configuration.CloudAccelerator);
        Assert.True(runs[1].Configuration.CloudAccelerator);
        Assert.Equal(3, runs[1].Line);
    }

    [Fact]
    public void A_pool_without_accuracy_reads_it_as_unknown_and_the_search_does_not_compare_it()
    {
        var runs = Parse("latency,energy,cpu-freq,layer,edge-accelerator,server-accelerator\n428.2,2.23,1200.0,22.0,max,False\n95.3,67.0,1800,0,off,True\n");
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.True(double.IsNaN(r.Accuracy)));
        var profile = new ConfigurationProfile(runs[0].Configuration, runs[0].LatencyMs, runs[0].EnergyJ, runs[0].Accuracy, [], []);
        Assert.Equal([428.2, 2.23, 0], profile.Objectives());
    }

    [Fact]
    public void MissingColumn_IsNamed()
    {
        var e = Assert.Throws<TestbedFormatException>(() => Parse("accuracy,latency,cpu-freq,layer,edge-accelerator,server-accelerator\n"));
        Assert.Equal(1, e.Line);
        Assert.Contains("missing column 'energy'", e.Message);
    }

    [Fact]
    public void BadNumber_GivesItsLineAndColumn()
    {
        var e = Assert.Throws<TestbedFormatException>(() => Parse($"{Header}\n0.6,1,2,600,1,off,True\n0.6,fast,2,600,1,off,True\n"));
        Assert.Equal(3, e.Line);
        Assert.Contains("'latency'", e.Message);
        Assert.Contains("pool.csv:3", e.Message);
    }

    [Fact]
    public void FractionalLayer_AndBadBoolean_AreRejected()
    {
        Assert.Contains("whole number", Assert.Throws<TestbedFormatException>(() => Parse($"{Header}\n0.6,1,2,600,1.5,off,True\n")).Message);
        Assert.Contains("True/False", Assert.Throws<TestbedFormatException>(() => Parse($"{Header}\n0.6,1,2,600,1,off,maybe\n")).Message);
    }

    [Fact]
    public void WrongFieldCount_AndEmptyPool_AreRejected()
    {
        Assert.Equal(2, Assert.Throws<TestbedFormatException>(() => Parse($"{Header}\n0.6,1,2\n")).Line);
        Assert.Throws<TestbedFormatException>(() => Parse($"{Header}\n"));
    }

    [Fact]
    public void Thresholds_Parse()
    {
        Assert.Equal([94.5, 1000.0], ThresholdCsv.Read(new StringReader("index,threshold_ms\n0,94.5\n1,1000\n"), "t.csv"));
        Assert.Throws<TestbedFormatException>(() => ThresholdCsv.Read(new StringReader("index,ms\n0,1\n"), "t.csv"));
    }

    [Fact]
    public void MissingFile_IsAFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => PoolCsv.Read("/nonexistent/pool.csv"));
}

public class DynaSplitDataTests
{
    [Fact]
    public void Locate_ReturnsNull_OutsideARepository_SoRealDataTestsSkip()
    {
        var temp = Directory.CreateTempSubdirectory("dynasplit-locate");
        try
        {
            Assert.Null(DynaSplitData.Locate(null, temp.FullName));
            Assert.Null(DynaSplitData.Locate(Path.Combine(temp.FullName, "missing")));
        }
        finally
        {
            temp.Delete(true);
        }
    }
}

public class RecordedPoolMeasurerTests
{
    private static readonly Configuration Split = new(5, 1200, "std", true);

    [Fact]
    public void Measuring_RevealsOnlyTheDrawnRun_AndARepeatDrawsAgain()
    {
        var pool = new MeasurementPool([
            new PoolRun(Split, 100, 60, 0.6, 2), new PoolRun(Split, 120, 61, 0.6, 3), new PoolRun(Split, 140, 62, 0.6, 4),
            new PoolRun(new Configuration(0, 1200, "off", true), 90, 70, 0.6, 5)]);
        var measurer = new RecordedPoolMeasurer(pool);
        var random = new Random(7);
        var first = measurer.Measure(Split, random);
        Assert.Equal([first.LatencyMs], first.LatencySamplesMs);
        Assert.Equal([first.EnergyJ], first.EnergySamplesJ);
        Assert.Contains(first.LatencyMs, new[] { 100.0, 120, 140 });

        var draws = Enumerable.Range(0, 30).Select(_ => measurer.Measure(Split, random).LatencyMs).Distinct().Count();
        Assert.Equal(3, draws); // repeats draw with replacement from every recorded run
        Assert.False(measurer.CanMeasure(new Configuration(22, 600, "off", false)));
    }
}

public class RerunNoiseTests
{
    private static readonly Configuration Once = new(3, 600, "off", true);
    private static readonly Configuration Twice = new(0, 1800, "off", true);

    [Fact]
    public void ARunRecordedOnce_IsScaledByTheRatiosOfRepeatedOnes_OthersAreDrawnAsRecorded()
    {
        var pool = new MeasurementPool([new PoolRun(Once, 200, 5, 0.6, 2), new PoolRun(Twice, 100, 60, 0.6, 3), new PoolRun(Twice, 110, 61, 0.6, 4)]);
        var noise = new RerunNoise(pool);
        Assert.Equal(2, noise.RatioCount); // 110/100 and 100/110
        var random = new Random(3);
        var once = Enumerable.Range(0, 40).Select(_ => noise.Draw(pool, Once, random)).ToList();
        var seen = once.Select(r => Math.Round(r.LatencyMs, 6)).Distinct().Order().ToArray();
        Assert.Equal([Math.Round(200 * 100 / 110.0, 6), Math.Round(200 * 1.1, 6)], seen);
        Assert.All(once, r => Assert.Equal(5, r.EnergyJ));
        Assert.All(Enumerable.Range(0, 20).Select(_ => noise.Draw(pool, Twice, random).LatencyMs), l => Assert.Contains(l, new[] { 100.0, 110 }));
    }

    [Fact]
    public void NeedsARepeatedConfiguration() =>
        Assert.Throws<ArgumentException>(() => new RerunNoise(new MeasurementPool([new PoolRun(Once, 200, 5, 0.6, 2)])));
}
