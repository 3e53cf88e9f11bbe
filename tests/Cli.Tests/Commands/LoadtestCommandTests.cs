using System.Text.Json;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>A real `loadtest --embedded`: the two silos in this process, a handful of short requests.</summary>
public sealed class LoadtestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("loadtest-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_embedded_run_reports_every_request_as_json_and_plots()
    {
        var (code, output, error) = ConsoleCapture.Run(["loadtest", "--embedded", "--port", "12711", "--workload", "synthetic", "--requests", "4",
            "--rate", "20", "--concurrency", "2", "--prompt-tokens", "16", "--output-tokens", "3", "--window", "1", "--out", _dir, "--json"]);
        Assert.True(code == 0, error);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# loadtest: 4 requests of the synthetic workload", lines[0]);
        using var json = JsonDocument.Parse(lines[^1]);
        var report = json.RootElement;
        Assert.Equal(4, report.GetProperty("Sent").GetInt32());
        Assert.Equal(4, report.GetProperty("Ok").GetInt32());
        Assert.Equal(0, report.GetProperty("Errors").GetInt32() + report.GetProperty("Timeouts").GetInt32());
        Assert.True(report.GetProperty("RequestsPerSecond").GetDouble() > 0);
        Assert.Equal(12 / report.GetProperty("WallSeconds").GetDouble(), report.GetProperty("TokensPerSecond").GetDouble(), 6);
        foreach (var figure in new[] { "LatencyMs", "TtftMs", "TpotMs" })
        {
            var p = report.GetProperty(figure);
            Assert.True(p.GetProperty("P50").GetDouble() <= p.GetProperty("P95").GetDouble());
            Assert.True(p.GetProperty("P95").GetDouble() <= p.GetProperty("P99").GetDouble());
        }

        Assert.True(report.GetProperty("LatencyMs").GetProperty("P50").GetDouble() >= report.GetProperty("TtftMs").GetProperty("P50").GetDouble());
        var timeline = report.GetProperty("Timeline").EnumerateArray().ToList();
        Assert.NotEmpty(timeline);
        Assert.Equal(4, timeline.Sum(w => w.GetProperty("Completed").GetInt32()));
        Assert.All(timeline, w => Assert.True(w.GetProperty("RssMb").GetDouble() > 0));
        Assert.True(File.Exists(Path.Combine(_dir, "report.json")));
        Assert.All(new[] { "loadtest-cdf.png", "loadtest-timeline.png" }, f => Assert.True(new FileInfo(Path.Combine(_dir, f)).Length > 1000));
    }

    [Fact]
    public void The_http_target_cannot_be_embedded()
    {
        var (code, _, error) = ConsoleCapture.Run(["loadtest", "--embedded", "--target", "http", "--requests", "1"]);
        Assert.Equal(2, code);
        Assert.Contains("--embedded", error);
    }
}
