namespace Splitwise.Testbed.Traces;

/// <summary>The trace formats the testbed reads, and loading a file or folder whichever format it is in.</summary>
public enum TraceFormat
{
    /// <summary>The 5G/LTE dataset (header starting "Timestamp,").</summary>
    Cellular,

    /// <summary>Mahimahi: one integer millisecond per line.</summary>
    Mahimahi,

    /// <summary>seconds,mbps[,rtt_ms].</summary>
    Csv,
}

public static class TraceFiles
{
    /// <summary>Guesses the format from the first non-blank, non-comment line.</summary>
    public static TraceFormat Detect(string path)
    {
        var first = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
                    ?? throw new TraceFormatException(path, 0, "empty file: cannot tell its trace format");
        if (first.StartsWith("Timestamp,", StringComparison.Ordinal))
            return TraceFormat.Cellular;
        return first.All(char.IsAsciiDigit) ? TraceFormat.Mahimahi : TraceFormat.Csv;
    }

    public static TraceLink Load(string path, TraceOptions? options = null, TraceFormat? format = null) =>
        (format ?? Detect(path)) switch
        {
            TraceFormat.Cellular => CellularTraceLoader.Load(path, options),
            TraceFormat.Mahimahi => MahimahiTraceLoader.Load(path, options),
            _ => CsvTraceLoader.Load(path, options),
        };

    /// <summary>A file, or every file under a folder (recursively, sorted by path so runs are reproducible).</summary>
    public static IReadOnlyList<TraceLink> LoadAll(string fileOrFolder, TraceOptions? options = null)
    {
        if (File.Exists(fileOrFolder))
            return [Load(fileOrFolder, options)];
        if (!Directory.Exists(fileOrFolder))
            throw new DirectoryNotFoundException($"trace path '{fileOrFolder}' is neither a file nor a folder");
        var files = Directory.EnumerateFiles(fileOrFolder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new FileNotFoundException($"no trace files under '{fileOrFolder}'");
        return files.Select(f => Load(f, options)).ToList();
    }
}
