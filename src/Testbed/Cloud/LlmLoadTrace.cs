using System.Globalization;

namespace Splitwise.Testbed.Cloud;

/// <summary>
/// Reads the Azure LLM inference trace 2023 format (Patel et al., Splitwise ISCA 2024; Azure Public Dataset, CC-BY 4.0):
/// a header <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>, then one request per row with a wall-clock timestamp.
/// Arrivals are returned in seconds from the first request, sorted.
/// </summary>
public static class LlmLoadTrace
{
    /// <summary>Where the real trace lives when ../shared is present (relative to the repository root).</summary>
    public const string SharedPath = "../shared/data/llm-load/AzureLLMInferenceTrace_conv.csv";

    /// <exception cref="TestbedFormatException">not this format: the message names the line.</exception>
    public static IReadOnlyList<LoadRequest> Load(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("TIMESTAMP,ContextTokens,GeneratedTokens", StringComparison.Ordinal))
            throw new TestbedFormatException(path, 1, "expected the header TIMESTAMP,ContextTokens,GeneratedTokens");
        var rows = new List<(DateTime At, int Prompt, int Output)>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            var parts = text.Split(',');
            // Timestamps carry 7 fractional digits; DateTime parses them to the tick.
            if (parts.Length != 3 || !DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at)
                || !int.TryParse(parts[1], out var prompt) || !int.TryParse(parts[2], out var output) || prompt < 0 || output < 0)
                throw new TestbedFormatException(path, line, $"'{text}' is not TIMESTAMP,ContextTokens,GeneratedTokens");
            rows.Add((at, prompt, output));
        }

        if (rows.Count == 0)
            throw new TestbedFormatException(path, 1, "no requests");
        rows.Sort((a, b) => a.At.CompareTo(b.At));
        var start = rows[0].At;
        return rows.Select(r => new LoadRequest((r.At - start).TotalSeconds, Math.Max(1, r.Prompt), Math.Max(1, r.Output))).ToArray();
    }
}
