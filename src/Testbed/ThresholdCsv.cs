namespace Splitwise.Testbed;

/// <summary>Reader for the per-request latency thresholds (thresholds_vgg16_*.csv: `index,threshold_ms`).</summary>
public static class ThresholdCsv
{
    public static List<double> Read(string path)
    {
        using var reader = PoolCsv.OpenOrThrow(path);
        return Read(reader, path);
    }

    public static List<double> Read(TextReader reader, string name)
    {
        var table = CsvTable.Parse(reader, name, "threshold_ms");
        var thresholds = table.Rows.Select(r => table.Number(r, "threshold_ms") is var t && t > 0
            ? t
            : throw new TestbedFormatException(name, r.Line, $"threshold_ms must be positive, got {t}")).ToList();
        return thresholds.Count > 0 ? thresholds : throw new TestbedFormatException(name, 2, "no thresholds");
    }
}
