using Splitwise.Cli.Bench;

namespace Splitwise.Cli.Tests.Bench;

public class SampleStatsTests
{
    [Fact]
    public void MedianOfAnOddCountIsTheMiddleSample()
    {
        var stats = SampleStats.Of([5.0, 1.0, 3.0]);

        Assert.Equal(3.0, stats.Median);
        Assert.Equal(1.0, stats.Min);
        Assert.Equal(5.0, stats.Max);
        Assert.Equal(3, stats.Count);
    }

    [Fact]
    public void MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() =>
        Assert.Equal(2.5, SampleStats.Of([4.0, 1.0, 3.0, 2.0]).Median);

    [Fact]
    public void PercentilesInterpolateBetweenOrderStatistics()
    {
        // 11 samples 0..10: rank p * 10 falls exactly on a sample.
        var stats = SampleStats.Of([.. Enumerable.Range(0, 11).Select(i => (double)i).Reverse()]);
        Assert.Equal(1.0, stats.P10, 12);
        Assert.Equal(9.0, stats.P90, 12);

        // 0, 10: p10 sits a tenth of the way (NumPy's default, "linear").
        Assert.Equal(1.0, SampleStats.Percentile([0.0, 10.0], 0.1), 12);
        Assert.Equal(9.0, SampleStats.Percentile([0.0, 10.0], 0.9), 12);
    }

    [Fact]
    public void OneSampleIsEveryPercentile()
    {
        var stats = SampleStats.Of([7.0]);

        Assert.Equal((7.0, 7.0, 7.0), (stats.P10, stats.Median, stats.P90));
    }

    [Fact]
    public void ScaleMultipliesEveryFigure()
    {
        var stats = SampleStats.Of([2.0, 4.0, 6.0]).Scale(0.5);

        Assert.Equal((1.0, 2.0, 3.0), (stats.Min, stats.Median, stats.Max));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => SampleStats.Of([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleStats.Percentile([1.0], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleStats.Of([1.0]).Scale(-1));
    }
}
