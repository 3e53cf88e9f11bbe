using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// Reader for the DynaSplit pool format (pool_vgg16.csv): one row per run with `latency` (ms),
/// `energy` (J), `accuracy`, and the configuration columns `cpu-freq` (MHz, may be written `1200.0`),
/// `layer` (split layer, `22.0`), `edge-accelerator` (`off`/`std`/`max`), `server-accelerator` (True/False).
/// The per-part columns are ignored. `accuracy` may be absent (the authors' ViT pool has none): the runs then have
/// accuracy NaN, unknown, and the search does not compare it (see <see cref="ConfigurationProfile.Objectives"/>).
/// </summary>
public static class PoolCsv
{
    public static readonly string[] RequiredColumns =
        ["latency", "energy", "cpu-freq", "layer", "edge-accelerator", "server-accelerator"];

    public static List<PoolRun> Read(string path)
    {
        using var reader = OpenOrThrow(path);
        return Read(reader, path);
    }

    public static List<PoolRun> Read(TextReader reader, string name)
    {
        var table = CsvTable.Parse(reader, name, RequiredColumns);
        var accuracy = table.HasColumn("accuracy");
        var runs = table.Rows.Select(row => new PoolRun(ConfigurationOf(table, row), table.Number(row, "latency"),
            table.Number(row, "energy"), accuracy ? table.Number(row, "accuracy") : double.NaN, row.Line)).ToList();
        if (runs.Count == 0)
            throw new TestbedFormatException(name, 2, "the pool has a header but no runs");
        foreach (var run in runs.Where(r => r.LatencyMs < 0 || r.EnergyJ < 0))
            throw new TestbedFormatException(name, run.Line, "latency and energy must be non-negative");
        return runs;
    }

    public static Configuration ConfigurationOf(CsvTable table, (int Line, string[] Fields) row)
    {
        var mode = table.Text(row, "edge-accelerator");
        if (mode.Length == 0)
            throw new TestbedFormatException(table.Name, row.Line, "column 'edge-accelerator' is empty");
        return new Configuration(table.Integer(row, "layer"), table.Integer(row, "cpu-freq"), mode, table.Boolean(row, "server-accelerator"));
    }

    internal static StreamReader OpenOrThrow(string path) =>
        File.Exists(path) ? new StreamReader(path) : throw new FileNotFoundException($"measurement file not found: {path}", path);
}
