using Splitwise.Testbed.Links;
using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Tests.Traces;

public class CellularTraceLoaderTests
{
    private const string Header = "Timestamp,Speed,NetworkMode,State,DL_bitrate,UL_bitrate,PINGAVG,PINGMIN,PINGMAX,PINGLOSS,RSRP,SNR";

    private static TraceLink Parse(double ratio = 1, params string[] rows) =>
        CellularTraceLoader.Parse("hand.csv", [Header, .. rows], new TraceOptions(UplinkRatio: ratio));

    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Capacity_is_dl_bitrate_scaled_up_by_the_ratio_and_rtt_carries_forward()
    {
        var link = Parse(0.25,
            "2020.01.01_10.00.00,0,5G,D,8000,50,-,-,-,-,-90,5.0",
            "2020.01.01_10.00.01,0,5G,D,4000,50,30.0,20.0,40.0,0.0,-90,5.0",
            "2020.01.01_10.00.02,0,5G,D,2000,50,-,-,-,-,-90,5.0");
        // The first second has no ping yet: the first PINGAVG is back-filled.
        Assert.Equal(new LinkState(2, 8, 30), link.At(S(0.5)));
        Assert.Equal(new LinkState(1, 4, 30), link.At(S(1)));
        Assert.Equal(new LinkState(0.5, 2, 30), link.At(S(2.9)));
        Assert.Equal(new LinkState(0.5, 2, 30), link.At(S(100))); // not looping: the last sample holds
    }

    [Fact]
    public void Zero_while_downloading_is_an_outage()
    {
        var link = Parse(1,
            "2020.01.01_10.00.00,0,LTE,D,1000,5,50.0,-,-,-,-90,5.0",
            "2020.01.01_10.00.01,0,LTE,D,0,0,-,-,-,-,-90,5.0");
        Assert.True(link.At(S(0)).Up);
        var down = link.At(S(1.5));
        Assert.False(down.Up);
        Assert.Equal(0, down.UplinkMbps);
        Assert.Throws<LinkOutageException>(() => link.OneWay(S(1.5), 1000, LinkDirection.Uplink));
    }

    [Fact]
    public void Idle_seconds_carry_the_last_capacity_and_are_left_out_of_the_measured_series()
    {
        var link = Parse(1,
            "2020.01.01_10.00.00,0,5G,D,3000,5,-,-,-,-,-90,5.0",
            "2020.01.01_10.00.01,0,5G,I,0,0,-,-,-,-,-90,5.0",
            "2020.01.01_10.00.02,0,5G,VD,1000,5,-,-,-,-,-90,5.0");
        Assert.Equal(3, link.At(S(1.2)).DownlinkMbps);
        Assert.True(link.At(S(1.2)).Up);
        Assert.Equal(74, link.At(S(0)).RttMs); // no PINGAVG at all: the default
        Assert.Equal([3.0, 1.0], link.MeasuredCapacity());
    }

    [Fact]
    public void Rows_sharing_a_second_are_averaged_and_missing_seconds_hold_the_previous_sample()
    {
        var link = Parse(1,
            "2020.01.01_10.00.00,0,5G,D,1000,5,-,-,-,-,-90,5.0",
            "2020.01.01_10.00.00,0,5G,D,3000,5,-,-,-,-,-90,5.0",
            "2020.01.01_10.00.03,0,5G,D,5000,5,-,-,-,-,-90,5.0");
        Assert.Equal(2, link.At(S(2.5)).DownlinkMbps);
        Assert.Equal(5, link.At(S(3)).DownlinkMbps);
        Assert.Equal(2, link.Samples.Count);
    }

    [Theory]
    [InlineData("2020.01.01_10.00.00,0,5G,D,abc,5,-,-,-,-,-90,5.0", "DL_bitrate 'abc'")]
    [InlineData("2020.01.01 10:00:00,0,5G,D,1000,5,-,-,-,-,-90,5.0", "Timestamp")]
    [InlineData("2020.01.01_10.00.00,0,5G,X,1000,5,-,-,-,-,-90,5.0", "State 'X'")]
    [InlineData("2020.01.01_10.00.00,0,5G,D,1000,5,fast,-,-,-,-90,5.0", "PINGAVG 'fast'")]
    [InlineData("2020.01.01_10.00.00,0,5G,D,1000", "5 fields")]
    public void Bad_rows_name_the_file_and_line(string row, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() => Parse(1, "2020.01.01_09.59.59,0,5G,D,1000,5,-,-,-,-,-90,5.0", row));
        Assert.Equal(3, e.Line);
        Assert.Equal("hand.csv", e.File);
        Assert.Contains("hand.csv:3:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Missing_columns_time_going_back_and_empty_files_are_typed_errors()
    {
        Assert.Contains("DL_bitrate", Assert.Throws<TraceFormatException>(() =>
            CellularTraceLoader.Parse("x.csv", ["Timestamp,State,PINGAVG"])).Message);
        Assert.Contains("back in time", Assert.Throws<TraceFormatException>(() => Parse(1,
            "2020.01.01_10.00.05,0,5G,D,1000,5,-,-,-,-,-90,5.0",
            "2020.01.01_10.00.04,0,5G,D,1000,5,-,-,-,-,-90,5.0")).Message);
        Assert.Throws<TraceFormatException>(() => CellularTraceLoader.Parse("x.csv", []));
        Assert.Throws<TraceFormatException>(() => CellularTraceLoader.Parse("x.csv", [Header]));
    }
}
