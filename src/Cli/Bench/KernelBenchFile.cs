using System.Text.Json;
using Splitwise.Testbed.Cost;

namespace Splitwise.Cli.Bench;

/// <summary>Reads the JSON line that <c>bench kernels --json</c> printed (the last line of the file) back into measurements.</summary>
public static class KernelBenchFile
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<KernelMeasurement> Read(string path)
    {
        if (!File.Exists(path))
            throw new CliUsageException($"--kernels: no file {path}");
        var last = File.ReadLines(path).LastOrDefault(l => l.TrimStart().StartsWith('{')) ?? throw new CliUsageException($"{path}: no JSON line");
        try
        {
            var file = JsonSerializer.Deserialize<Saved>(last, Options);
            return file?.Kernels is { Count: > 0 } kernels ? kernels : throw new CliUsageException($"{path}: no kernels in the JSON line");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{path}: not a bench kernels JSON line ({e.Message})");
        }
    }

    /// <summary>Measurements as calibration samples: median seconds per call, labelled "shape phase".</summary>
    public static IReadOnlyList<KernelSample> Samples(IEnumerable<KernelMeasurement> measurements) =>
        measurements.Select(m => new KernelSample($"{m.Model} {m.Phase}", m.Work, m.MsPerCall.Median / 1e3)).ToArray();

    private sealed record Saved(List<KernelMeasurement>? Kernels);
}
