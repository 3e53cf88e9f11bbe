using System.Globalization;
using System.Text.Json;
using Splitwise.Testbed.Load;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>`fit-load` on a small trace in the Azure format: real vs synthetic side by side, the fit written as the shipped C# file.</summary>
public sealed class FitLoadCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fit-load-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_trace_is_fitted_compared_side_by_side_and_written_as_code()
    {
        var trace = Path.Combine(_dir, "trace.csv");
        var start = new DateTime(2023, 11, 16, 18, 15, 46, DateTimeKind.Utc);
        var requests = FittedLlmLoad.Model.GenerateFor(600, seed: 3);
        File.WriteAllLines(trace, requests.Select(r => $"{start.AddSeconds(r.ArrivalSeconds).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)},{r.PromptTokens},{r.OutputTokens}")
            .Prepend("TIMESTAMP,ContextTokens,GeneratedTokens"));
        var code = Path.Combine(_dir, "FittedLlmLoad.cs");

        var (exit, output, error) = ConsoleCapture.Run(["fit-load", "--trace", trace, "--seed", "2", "--out", code, "--json"]);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# fit-load:", lines[0]);
        Assert.Matches(@"^\s+real\s+synthetic$", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("prompt tokens p99", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(requests.Count, json.RootElement.GetProperty("real").GetProperty("requests").GetInt32());
        Assert.Equal(requests.Count, json.RootElement.GetProperty("synthetic").GetProperty("requests").GetInt32());
        var written = File.ReadAllText(code);
        Assert.Contains("public static class FittedLlmLoad", written);
        Assert.Contains($"--out {code}", written);
    }

    [Fact]
    public void A_missing_trace_is_a_usage_error()
    {
        var (exit, output, error) = ConsoleCapture.Run(["fit-load", "--trace", Path.Combine(_dir, "nope.csv")]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("nope.csv", error);
    }
}
