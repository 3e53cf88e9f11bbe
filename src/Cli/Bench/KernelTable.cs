namespace Splitwise.Cli.Bench;

/// <summary>The human-readable table of bench kernels, one row per measurement as it completes.</summary>
public static class KernelTable
{
    public static void PrintHeader() =>
        Console.WriteLine($"{"phase",-8} {"kind",-16} {"variant",-26} {"T",5} {"keys",5} {"ms p50",9} {"p10",9} {"p90",9} {"ms/tok",9} {"GFLOP/s",8} {"GB/s",7}");

    public static void PrintRow(KernelMeasurement m)
    {
        var w = m.Work;
        var keys = w.Kind == "attention_group" ? w.Keys.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
        Console.WriteLine(
            $"{m.Phase,-8} {w.Kind,-16} {m.Variant,-26} {w.Tokens,5} {keys,5} {BenchOutput.F(m.MsPerCall.Median),9} {BenchOutput.F(m.MsPerCall.P10),9} " +
            $"{BenchOutput.F(m.MsPerCall.P90),9} {BenchOutput.F(m.MsPerTokenMedian, 4),9} {BenchOutput.F(m.GflopsPerSecond, 1),8} {BenchOutput.F(m.GbytesPerSecond, 1),7}");
    }
}
