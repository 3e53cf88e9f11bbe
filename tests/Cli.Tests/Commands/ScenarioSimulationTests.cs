using System.Text.Json;
using Splitwise.Cli.Commands;

namespace Splitwise.Cli.Tests.Commands;

[Collection("console")]
public class ScenarioSimulationTests
{
    [Fact]
    public void A_scenario_run_prints_each_policy_against_the_bound_and_ends_with_json()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int code;
        try
        {
            var command = new SimulateCommand();
            code = command.Run(CliApp.Parse(command, "--scenario", "battery-saver", "--requests", "15", "--policies", "cloud-only,clairvoyant", "--json"));
        }
        finally
        {
            Console.SetOut(previous);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.StartsWith("# simulate --scenario battery-saver", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("lower bound", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToArray();
        Assert.Equal(["cloud-only", "clairvoyant"], policies.Select(p => p.GetProperty("policy").GetString()!));
        // No policy beats the bound.
        Assert.All(policies, p => Assert.True(p.GetProperty("mean_over_bound").GetDouble() >= 1));
    }

    [Fact]
    public void A_measured_batch_curve_sets_the_shared_clouds_step_time()
    {
        // A curve with no batching gain (a batch of 8 takes 8 lone steps) against the roofline's, on the same world.
        var file = Path.Combine(Path.GetTempPath(), $"curve-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "# bench batching\n" + JsonSerializer.Serialize(new
        {
            bench = "batching",
            results = new[] { new { model = "gpt2-small (random)", levels = new[] { new { sessions = 1, batched_tokens_per_second = 10.0 }, new { sessions = 8, batched_tokens_per_second = 10.0 } } } },
        }));
        try
        {
            var (roofline, rooflineMethod) = CloudOnlyMean();
            var (flat, flatMethod) = CloudOnlyMean("--batch-curve", file);
            Assert.DoesNotContain("slowdown measured on this host", rooflineMethod);
            Assert.Contains("slowdown measured on this host", flatMethod);
            Assert.Contains("8: 8.00x", flatMethod);
            Assert.True(flat > roofline, $"cloud-only mean {flat} s with a flat curve, {roofline} s on the roofline");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (double Mean, string Method) CloudOnlyMean(params string[] extra)
    {
        var (code, output, error) = ConsoleCapture.Run(["simulate", "--scenario", "rush-hour", "--requests", "15", "--policies", "cloud-only", "--json", .. extra]);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var json = JsonDocument.Parse(lines[^1]);
        return (json.RootElement.GetProperty("policies")[0].GetProperty("mean_latency_seconds").GetDouble(), string.Join("\n", lines.Where(l => l.StartsWith('#'))));
    }

    [Fact]
    public void An_unknown_scenario_is_a_usage_error_naming_the_known_ones()
    {
        var (code, output, error) = ConsoleCapture.Run(["simulate", "--scenario", "moon"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("'moon' is not one of commuter, office", error);
    }

    [Theory]
    [InlineData("simulate --scenario office --arrival-rate 2", "--arrival-rate does not apply with --scenario")]
    [InlineData("simulate --scenario office --route fabric", "--route does not apply with --scenario")]
    [InlineData("simulate --move-in-flight", "--move-in-flight needs --scenario")]
    [InlineData("simulate --route best", "--route: 'best' is not one of fabric")]
    [InlineData("simulate --batch-curve bench/batching-host.json", "--batch-curve needs --scenario")]
    [InlineData("simulate --scenario office --batch-curve-model bundled", "--batch-curve-model needs --batch-curve")]
    [InlineData("simulate --scenario office --batch-curve /no/such/curve.json", "--batch-curve: '/no/such/curve.json' is not an existing file")]
    public void Options_of_the_other_mode_are_refused(string line, string message)
    {
        var (code, output, error) = ConsoleCapture.Run(line.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }
}
