using Splitwise.Testbed.Traces;

namespace Splitwise.Testbed.Tests.Traces;

/// <summary>
/// Malformed link traces made from real ones (the 5G dataset's first file when ../shared/data/net is there, else a
/// few of its rows kept here; the CSV and Mahimahi forms derived from it), cut, with cells replaced by garbage, rows
/// swapped or duplicated, the header dropped: every failure of the three loaders is a <see cref="TraceFormatException"/>
/// naming the file and line, and nothing allocates with the numbers a corrupted file claims.
/// </summary>
public class TraceCorpusTests
{
    private static readonly CsvCorruption.Kind[] Corruptions = [CsvCorruption.Kind.Cut, CsvCorruption.Kind.GarbageCell, CsvCorruption.Kind.SwapLines, CsvCorruption.Kind.DuplicateLine, CsvCorruption.Kind.DropFirstLine];

    private static readonly string[] Garbage = ["", "NaN", "-1", "1e400", "Infinity", "-Infinity", "abc", "1e300", "-0", "99999999999999999999", "1,2", " ", "0x10"];

    [Theory]
    [InlineData("1,2,3,4", "4 fields")]
    [InlineData("0,5\n1,-5", "'-5' is not a non-negative number")]
    [InlineData("0,5\n1,NaN", "'NaN' is not a non-negative number")]
    [InlineData("0,5\n1,Infinity,20", "'Infinity' is not a non-negative number")]
    [InlineData("0,5\n1,5,-3", "rtt_ms '-3'")]
    [InlineData("", "no data rows")]
    [InlineData("seconds,mbps\n# nothing\n", "no data rows")]
    [InlineData("2,5\n1,5", "not after the previous row")]
    [InlineData("1,5\n1,5", "not after the previous row")]
    [InlineData("0,5\n1e300,5", "1e300")]
    [InlineData("seconds,mbps\nten,5", "seconds 'ten'")]
    public void ABadCsvTraceIsTypedWithItsLine(string text, string problem)
    {
        var error = Assert.Throws<TraceFormatException>(() => CsvTraceLoader.Parse("trace.csv", text.Split('\n')));
        Assert.Equal("trace.csv", error.File);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no timestamps")]
    [InlineData("5\n3", "before the previous one")]
    [InlineData("1\n-2", "'-2' is not a millisecond timestamp")]
    [InlineData("1\n2.5", "'2.5'")]
    [InlineData("1\n99999999999999", "99999999999999")]
    public void ABadMahimahiTraceIsTypedWithItsLine(string text, string problem)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<TraceFormatException>(() => MahimahiTraceLoader.Parse("trace.mm", text.Split('\n')));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "parsing allocated over 16 MB");
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, "NaN", "DL_bitrate 'NaN'")]
    [InlineData(6, "NaN", "PINGAVG 'NaN'")]
    [InlineData(4, "-72", "DL_bitrate '-72'")]
    [InlineData(3, "X", "State 'X'")]
    [InlineData(0, "2019.12.16 13:40:05", "Timestamp")]
    public void ABadCellularRowIsTypedWithItsLine(int column, string value, string problem)
    {
        var lines = Cellular().ToArray();
        var cells = lines[2].Split(',');
        cells[column] = value;
        lines[2] = string.Join(',', cells);

        var error = Assert.Throws<TraceFormatException>(() => CellularTraceLoader.Parse("5g.csv", lines));
        Assert.Equal(3, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCorruptedCellularTraceIsTyped() => AllTyped(Cellular(), lines => CellularTraceLoader.Parse("5g.csv", lines));

    [Fact]
    public void EveryCorruptedCsvTraceIsTyped() => AllTyped(AsCsv(Cellular()), lines => CsvTraceLoader.Parse("trace.csv", lines));

    [Fact]
    public void EveryCorruptedMahimahiTraceIsTyped() => AllTyped(AsMahimahi(Cellular()), lines => MahimahiTraceLoader.Parse("trace.mm", lines));

    // 300 seeded corruptions of one real trace: each parses or throws TraceFormatException; some do throw.
    private static void AllTyped(IReadOnlyList<string> original, Func<IReadOnlyList<string>, TraceLink> parse)
    {
        parse(original);
        var random = new Random(7);
        var untyped = new List<string>();
        var typed = 0;
        for (var i = 0; i < 300; i++)
        {
            var (what, lines) = CsvCorruption.Corrupt(original, random, Garbage, Corruptions);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                parse(lines);
            }
            catch (TraceFormatException)
            {
                typed++;
            }
            catch (Exception e)
            {
                untyped.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }

            if (GC.GetAllocatedBytesForCurrentThread() - before > 64 << 20)
                untyped.Add($"{what}: allocated {(GC.GetAllocatedBytesForCurrentThread() - before) >> 20} MB");
        }

        Assert.True(untyped.Count == 0, $"{untyped.Count} of 300 untyped:\n" + string.Join("\n", untyped.Take(5)));
        Assert.True(typed > 30, $"only {typed} of 300 corruptions were refused");
    }

    // The first real 5G file (its first 200 rows), or the first rows of it kept here when the data is absent.
    private static IReadOnlyList<string> Cellular()
    {
        var net = SharedData.NetFolder();
        var file = net is null ? null : Directory.EnumerateFiles(Path.Combine(net, "5g-download"), "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
        if (file is not null)
            return File.ReadLines(file).Take(201).ToList();
        return
        [
            "Timestamp,Speed,NetworkMode,State,DL_bitrate,UL_bitrate,PINGAVG,PINGMIN,PINGMAX,PINGLOSS,RSRP,SNR",
            "2019.12.16_13.40.04,0,5G,D,72,20,-,-,-,-,-103,1.0",
            "2019.12.16_13.40.05,0,5G,I,0,0,-,-,-,-,-102,7.0",
            "2019.12.16_13.40.06,0,5G,D,41210,310,22.5,20,25,0,-101,6.0",
            "2019.12.16_13.40.07,0,5G,D,58822,402,-,-,-,-,-101,6.0",
            "2019.12.16_13.40.08,0,5G,D,0,0,-,-,-,-,-104,2.0",
            "2019.12.16_13.40.09,0,5G,D,61002,390,24.1,21,27,0,-100,7.0",
            "2019.12.16_13.40.10,0,5G,I,0,0,-,-,-,-,-100,7.0",
        ];
    }

    private static List<string> AsCsv(IReadOnlyList<string> cellular)
    {
        var link = CellularTraceLoader.Parse("5g.csv", cellular);
        return ["seconds,mbps,rtt_ms", .. link.Samples.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.At.TotalSeconds},{s.CapacityMbps},{s.RttMs}"))];
    }

    // One delivery opportunity per 1500 bytes the trace carried in each second.
    private static List<string> AsMahimahi(IReadOnlyList<string> cellular)
    {
        var lines = new List<string>();
        foreach (var line in AsCsv(cellular).Skip(1))
        {
            var cells = line.Split(',');
            var second = (int)double.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture);
            var perSecond = (int)Math.Min(1000, double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture) / 12);
            lines.AddRange(Enumerable.Range(0, perSecond).Select(k => $"{second * 1000 + k * 1000 / Math.Max(1, perSecond)}"));
        }

        return lines;
    }
}
