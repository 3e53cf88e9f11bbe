using Splitwise.Testbed.Links;
using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Tests.Traces;

public class MahimahiAndCsvLoaderTests
{
    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Mahimahi_one_opportunity_per_ms_is_12_mbps_and_an_empty_window_is_an_outage()
    {
        // 999 opportunities at 1..999 ms, none in [1000, 2000), one at 2000 ms that ends the period and wraps to 0 ms:
        // 1000 packets in the first second.
        var lines = Enumerable.Range(1, 999).Select(i => i.ToString()).Append("2000");
        var link = MahimahiTraceLoader.Parse("m.trace", lines, new TraceOptions(DefaultRttMs: 20, Loop: true));
        Assert.Equal(12, link.At(S(0.5)).DownlinkMbps, 9);
        Assert.Equal(20, link.At(S(0.5)).RttMs);
        Assert.False(link.At(S(1.5)).Up);
        Assert.Equal(S(2), link.Duration);
        Assert.Equal(12, link.At(S(2.5)).DownlinkMbps, 9); // loops like mm-link
    }

    [Fact]
    public void Mahimahi_counts_per_window_and_repeated_stamps_are_several_packets()
    {
        var link = MahimahiTraceLoader.Parse("m.trace", ["0", "0", "50", "99", "100", "200"],
            new TraceOptions(MahimahiWindow: TimeSpan.FromMilliseconds(100)));
        // Period 200 ms; the stamp at 200 ms wraps to the next pass's start: window 0 holds 5 packets x 12,000 bit
        // in 0.1 s = 0.6 Mbit/s, window 1 holds one (0.12 Mbit/s).
        Assert.Equal(0.6, link.At(TimeSpan.FromMilliseconds(10)).DownlinkMbps, 9);
        Assert.Equal(0.12, link.At(TimeSpan.FromMilliseconds(150)).DownlinkMbps, 9);
    }

    [Theory]
    [InlineData(new[] { "0", "x1" }, 2, "not a millisecond")]
    [InlineData(new[] { "10", "5" }, 2, "before the previous")]
    [InlineData(new[] { "-3" }, 1, "not a millisecond")]
    public void Mahimahi_errors_name_the_line(string[] lines, int line, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() => MahimahiTraceLoader.Parse("m.trace", lines));
        Assert.Equal(line, e.Line);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Csv_with_header_comments_optional_rtt_and_outage()
    {
        var link = CsvTraceLoader.Parse("c.csv", ["# a comment", "seconds,mbps,rtt_ms", "0,10,30", "", "1,0", "2,5.5,40"],
            new TraceOptions(UplinkRatio: 0.5, DefaultRttMs: 99));
        Assert.Equal(new LinkState(5, 10, 30), link.At(S(0.9)));
        Assert.False(link.At(S(1)).Up);
        Assert.Equal(99, link.At(S(1)).RttMs);
        Assert.Equal(new LinkState(2.75, 5.5, 40), link.At(S(2)));
        Assert.Equal(S(3), link.Duration);
    }

    [Fact]
    public void Csv_first_row_after_zero_holds_back_to_zero()
    {
        var link = CsvTraceLoader.Parse("c.csv", ["5,8"]);
        Assert.Equal(8, link.At(S(0)).DownlinkMbps);
    }

    [Theory]
    [InlineData(new[] { "0,1", "0,2" }, 2, "not after")]
    [InlineData(new[] { "0,1", "1,-2" }, 2, "mbps '-2'")]
    [InlineData(new[] { "0,1", "1" }, 2, "1 fields")]
    [InlineData(new[] { "0,1", "1,2,3,4" }, 2, "4 fields")]
    [InlineData(new[] { "h1,h2", "0,1", "x,2" }, 3, "seconds 'x'")]
    public void Csv_errors_name_the_line(string[] lines, int line, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() => CsvTraceLoader.Parse("c.csv", lines));
        Assert.Equal(line, e.Line);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_trace_link_rejects_samples_no_loader_would_produce()
    {
        Assert.Throws<ArgumentException>(() => new TraceLink("x", [new TraceSample(S(0), double.NaN, 10)], S(1)));
        Assert.Throws<ArgumentException>(() => new TraceLink("x", [new TraceSample(S(0), 1, 10), new TraceSample(S(0), 1, 10)], S(1)));
        Assert.Throws<ArgumentException>(() => new TraceLink("x", [], S(1)));
    }

    [Fact]
    public void Formats_are_detected_from_the_first_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir.File("a.csv"), ["seconds,mbps", "0,1"]);
        File.WriteAllLines(dir.File("b.trace"), ["1", "2"]);
        File.WriteAllLines(dir.File("c.csv"), ["Timestamp,State,DL_bitrate,PINGAVG", "2020.01.01_10.00.00,D,1000,-"]);
        Assert.Equal(TraceFormat.Csv, TraceFiles.Detect(dir.File("a.csv")));
        Assert.Equal(TraceFormat.Mahimahi, TraceFiles.Detect(dir.File("b.trace")));
        Assert.Equal(TraceFormat.Cellular, TraceFiles.Detect(dir.File("c.csv")));
        Assert.Equal(3, TraceFiles.LoadAll(dir.Path).Count);
        Assert.Throws<DirectoryNotFoundException>(() => TraceFiles.LoadAll(dir.File("nope")));
    }
}
