using System.Text.Json;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>`bench environment` on a short run: its method first, both measurements, then JSON.</summary>
public sealed class BenchEnvironmentCommandTests
{
    [Fact]
    public void A_short_run_prints_its_method_both_measurements_and_json()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "environment", "--scenario", "office", "--model", "gpt2-xl", "--epochs", "300", "--json"]);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# bench environment: scenario office (gpt2-xl on orin-nx)", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("plans per request", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("plans in flight", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal("environment", json.RootElement.GetProperty("bench").GetString());
        Assert.Equal(300, json.RootElement.GetProperty("epochs").GetInt32());
        Assert.True(json.RootElement.GetProperty("per_request").GetProperty("epochs_per_s").GetDouble() > 0);
    }
}
