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
    public void Options_of_the_other_mode_are_refused(string line, string message)
    {
        var (code, output, error) = ConsoleCapture.Run(line.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }
}
