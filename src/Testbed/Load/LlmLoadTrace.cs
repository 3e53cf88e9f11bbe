using System.Globalization;

namespace Splitwise.Testbed.Load;

/// <summary>
/// Reader for the Azure LLM inference trace 2023 (Patel et al., ISCA 2024; ../shared/data/llm-load): `TIMESTAMP`
/// (arrival), `ContextTokens` (prompt length), `GeneratedTokens` (output length). Arrivals become seconds after the
/// first row. The product never ships the trace: <see cref="Locate"/> finds it next to the repository root or says null.
/// </summary>
public static class LlmLoadTrace
{
    public const string FileName = "AzureLLMInferenceTrace_conv.csv";

    public static List<LoadRequest> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"load trace not found: {path}", path);
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static List<LoadRequest> Read(TextReader reader, string name)
    {
        var table = CsvTable.Parse(reader, name, "TIMESTAMP", "ContextTokens", "GeneratedTokens");
        var rows = table.Rows.Select(row => (At: Timestamp(table, row), Prompt: table.Integer(row, "ContextTokens"), Output: table.Integer(row, "GeneratedTokens"), row.Line)).ToList();
        if (rows.Count == 0)
            throw new TestbedFormatException(name, 2, "the trace has a header but no requests");
        foreach (var r in rows.Where(r => r.Prompt < 0 || r.Output < 0))
            throw new TestbedFormatException(name, r.Line, "token counts must be non-negative");
        var start = rows.Min(r => r.At);
        return rows.OrderBy(r => r.At).Select(r => new LoadRequest((r.At - start).TotalSeconds, r.Prompt, r.Output)).ToList();
    }

    /// <summary>../shared/data/llm-load/<see cref="FileName"/> next to the repository root, or null.</summary>
    public static string? Locate(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
                continue;
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "llm-load", FileName));
            return File.Exists(candidate) ? candidate : null;
        }

        return start is null ? Locate(AppContext.BaseDirectory) : null;
    }

    private static DateTime Timestamp(CsvTable table, (int Line, string[] Fields) row)
    {
        var text = table.Text(row, "TIMESTAMP");
        // Seven fractional digits in the trace; DateTime parses up to seven.
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new TestbedFormatException(table.Name, row.Line, $"TIMESTAMP '{text}' is not a date and time");
    }
}
