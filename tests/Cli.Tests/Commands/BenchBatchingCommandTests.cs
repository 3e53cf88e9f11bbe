using System.Text.Json;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>`bench batching` on a short run: its method first, a row per level, then JSON; bad levels are a usage error.</summary>
public sealed class BenchBatchingCommandTests
{
    [Fact]
    public void A_short_run_prints_its_method_a_row_per_level_and_json()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "batching", "--models", "bundled", "--parts", "inference", "--sessions", "1,3", "--warmup", "0", "--rounds", "2", "--json"]);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# bench batching:", lines[0]);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal("batching", json.RootElement.GetProperty("bench").GetString());
        var levels = json.RootElement.GetProperty("results")[0].GetProperty("levels");
        Assert.Equal([1, 3], levels.EnumerateArray().Select(l => l.GetProperty("sessions").GetInt32()));
        Assert.All(levels.EnumerateArray(), l => Assert.True(l.GetProperty("batched_tokens_per_second").GetDouble() > 0));
    }

    [Fact]
    public void The_fabric_part_runs_sessions_through_the_grains_and_reports_the_batch_size()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "batching", "--models", "bundled", "--parts", "fabric", "--sessions", "1,3", "--warmup", "0", "--rounds", "2", "--port", "12841", "--json"]);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# bench batching, fabric levels:", lines[0]);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Empty(json.RootElement.GetProperty("results").EnumerateArray());
        var fabric = json.RootElement.GetProperty("fabric")[0];
        Assert.Equal("one silo", fabric.GetProperty("placement").GetString());
        var levels = fabric.GetProperty("levels");
        Assert.Equal([1, 3], levels.EnumerateArray().Select(l => l.GetProperty("sessions").GetInt32()));
        Assert.All(levels.EnumerateArray(), l => Assert.True(l.GetProperty("tokens_per_second").GetDouble() > 0 && l.GetProperty("mean_batch").GetDouble() >= 1));
    }

    [Theory]
    [InlineData("--parts", "gpu")]
    [InlineData("--sessions", "0,4")]
    [InlineData("--models", "gpt5")]
    [InlineData("--rounds", "1")]
    public void Bad_options_exit_with_code_2(string option, string value)
    {
        var (code, _, _) = ConsoleCapture.Run(["bench", "batching", option, value]);

        Assert.Equal(2, code);
    }
}
