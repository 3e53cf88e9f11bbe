using Splitwise.Testbed.Tests.Traces;

namespace Splitwise.Testbed.Tests;

/// <summary>
/// Malformed DynaSplit pools made from the real one (../shared/data/dynasplit/pool_vgg16.csv when present, else a few
/// of its rows kept here): columns missing, rows cut or with cells replaced by garbage, the header gone. Every failure
/// of <see cref="PoolCsv"/> (and of <see cref="ThresholdCsv"/>) is a <see cref="TestbedFormatException"/> naming the
/// file and line, never another exception.
/// </summary>
public class PoolCsvCorpusTests
{
    private static readonly CsvCorruption.Kind[] Corruptions = [CsvCorruption.Kind.Cut, CsvCorruption.Kind.GarbageCell, CsvCorruption.Kind.DropColumn, CsvCorruption.Kind.DropFirstLine];

    private static readonly string[] Garbage = ["", "NaN", "-1", "1e400", "Infinity", "abc", "22.5", "maybe", "1e300", " ", "99999999999999999999"];

    [Theory]
    [InlineData("latency")]
    [InlineData("energy")]
    [InlineData("cpu-freq")]
    [InlineData("layer")]
    [InlineData("edge-accelerator")]
    [InlineData("server-accelerator")]
    public void AMissingColumnIsTypedAndNamed(string column)
    {
        var lines = Pool().ToList();
        lines[0] = lines[0].Replace(column, column + "-renamed", StringComparison.Ordinal);

        var error = Read(lines);
        Assert.Equal(1, error.Line);
        Assert.Contains($"missing column '{column}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latency", "-5", "non-negative")]
    [InlineData("energy", "NaN", "'NaN' is not a number")]
    [InlineData("layer", "22.5", "not a whole number")]
    [InlineData("cpu-freq", "1e300", "not a whole number")]
    [InlineData("server-accelerator", "maybe", "not True/False")]
    [InlineData("edge-accelerator", "", "is empty")]
    public void ABadCellIsTypedWithItsLine(string column, string value, string problem)
    {
        var lines = Pool().ToList();
        var at = Array.IndexOf(lines[0].Split(','), column);
        var cells = lines[2].Split(',');
        cells[at] = value;
        lines[2] = string.Join(',', cells);

        var error = Read(lines);
        Assert.Equal(3, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("latency,energy,cpu-freq,layer,edge-accelerator,server-accelerator", "no runs")]
    [InlineData("latency,energy,cpu-freq,layer,edge-accelerator,server-accelerator\n1,2,1200,22,max", "5 fields")]
    public void AnEmptyOrShortPoolIsTyped(string text, string problem)
    {
        var error = Read(text.Split('\n'));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("index,threshold_ms\n0,-5", "positive")]
    [InlineData("index,threshold_ms\n0,NaN", "not a number")]
    [InlineData("index,threshold\n0,5", "missing column 'threshold_ms'")]
    [InlineData("index,threshold_ms", "no thresholds")]
    public void ABadThresholdFileIsTyped(string text, string problem)
    {
        var error = Assert.Throws<TestbedFormatException>(() => ThresholdCsv.Read(new StringReader(text), "thresholds.csv"));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    /// <summary>300 seeded corruptions of the real pool: each reads or throws TestbedFormatException; many do throw.</summary>
    [Fact]
    public void EveryCorruptedPoolIsTyped()
    {
        var original = Pool();
        Assert.NotEmpty(PoolCsv.Read(new StringReader(string.Join('\n', original)), "pool.csv"));
        var random = new Random(5);
        var untyped = new List<string>();
        var typed = 0;
        for (var i = 0; i < 300; i++)
        {
            var (what, lines) = CsvCorruption.Corrupt(original, random, Garbage, Corruptions);
            try
            {
                PoolCsv.Read(new StringReader(string.Join('\n', lines)), "pool.csv");
            }
            catch (TestbedFormatException)
            {
                typed++;
            }
            catch (Exception e)
            {
                untyped.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(untyped.Count == 0, $"{untyped.Count} of 300 untyped:\n" + string.Join("\n", untyped.Take(5)));
        Assert.True(typed > 100, $"only {typed} of 300 corruptions were refused");
    }

    private static TestbedFormatException Read(IEnumerable<string> lines) =>
        Assert.Throws<TestbedFormatException>(() => PoolCsv.Read(new StringReader(string.Join('\n', lines)), "pool.csv"));

    // The real pool's first 200 runs, or its first rows kept here when ../shared/data is absent.
    private static IReadOnlyList<string> Pool()
    {
        var net = SharedData.NetFolder();
        var path = net is null ? null : Path.Combine(Path.GetDirectoryName(net)!, "dynasplit", "pool_vgg16.csv");
        if (path is not null && File.Exists(path))
            return File.ReadLines(path).Take(201).ToList();
        return
        [
            "accuracy,latency,energy,avg energy edge (J),avg latency edge (ms),avg latency cloud (ms),avg latency transfer (ms),avg energy cloud (J),avg energy cloud gpu (J),utilization cloud cpu (%),utilization cloud gpu (%),utilization edge cpu (%),tensor size (KB),cpu-freq,layer,edge-accelerator,server-accelerator",
            "0.603,428.239975815,2.236007854890859,2.236007854890859,428.2399645,0.0,0.0,0.0,0.0,0.0,0.0,15.6,0.0,1200.0,22.0,max,False",
            "0.603,428.522892817,2.241496981339669,2.241496981339669,428.52288165,0.0,0.0,0.0,0.0,0.0,0.0,15.6,0.0,1200.0,22.0,max,False",
            "0.603,95.3,67.0,1.1,30.2,40.5,24.6,60.1,5.8,12.0,30.0,15.6,784.0,1800.0,0.0,off,True",
        ];
    }
}
