using Splitwise.Planning.DynaSplit;

namespace Splitwise.Testbed;

/// <summary>
/// Reader for what each strategy got on the paper's real testbed (testbed_results_vgg16.csv): one row
/// per (request, strategy) with the request's threshold `qos` (ms), the configuration it ran and its
/// measured `latency`/`energy`. Strategy names are the paper's (`splinter:latency` is DynaSplit).
/// </summary>
public static class TestbedResultsCsv
{
    public sealed record Result(int Index, string Strategy, double ThresholdMs, double LatencyMs, double EnergyJ, Configuration Configuration);

    public static List<Result> Read(string path)
    {
        using var reader = PoolCsv.OpenOrThrow(path);
        var table = CsvTable.Parse(reader, path, "index", "qos", "strategy", "latency", "energy", "cpu-freq", "layer",
            "edge-accelerator", "server-accelerator");
        return table.Rows.Select(r => new Result(table.Integer(r, "index"), table.Text(r, "strategy"), table.Number(r, "qos"),
            table.Number(r, "latency"), table.Number(r, "energy"), PoolCsv.ConfigurationOf(table, r))).ToList();
    }
}
