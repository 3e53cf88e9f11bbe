using System.Text.Json;
using Splitwise.Cli.Commands;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>`bench controller` on a tiny run (its method, the scenario table, paper vs ours, the files, JSON) and its bad values.</summary>
public sealed class BenchControllerCommandTests
{
    [Fact]
    public void A_tiny_run_prints_its_method_the_tables_and_json_and_writes_both_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"controller-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = ConsoleCapture.Run(["bench", "controller", "--scenarios", "office", "--seeds", "1", "--requests", "4",
                "--policies", "cloud-only,neurosurgeon,drift-plus-penalty", "--out", dir, "--json"]);

            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("# bench controller: 1 scenarios (office) x seeds 0, 4 requests per world", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("office (llama-7b on orin-nx", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("lower bound", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("paper vs ours", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("office", StringComparison.Ordinal) && l.Contains("drift-plus-penalty") && l.Contains("worst seed"));
            using var json = JsonDocument.Parse(lines[^1]);
            var root = json.RootElement;
            Assert.Equal("controller", root.GetProperty("bench").GetString());
            var scenario = root.GetProperty("scenarios")[0];
            Assert.Equal("office", scenario.GetProperty("scenario").GetString());
            var seed = scenario.GetProperty("per_seed")[0];
            Assert.Equal(0, seed.GetProperty("seed").GetInt32());
            Assert.Equal(["cloud-only", "neurosurgeon", "drift-plus-penalty", "clairvoyant"],
                seed.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policy").GetString()));
            Assert.True(scenario.GetProperty("targets").TryGetProperty("drift-plus-penalty", out _));
            Assert.True(File.Exists(Path.Combine(dir, "controller.json")));
            Assert.Contains("**Paper vs ours**", File.ReadAllText(Path.Combine(dir, "controller.md")));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--seeds", "x", "--seeds: 'x' is not a seed")]
    [InlineData("--seeds", "0", "--seeds: a count must be between 1 and 100")]
    [InlineData("--seeds", "1,-2", "--seeds: '-2' is not a seed")]
    [InlineData("--scenarios", "moon", "--scenarios: 'moon' is not one of commuter")]
    [InlineData("--requests", "0", "--requests must be between 1 and")]
    [InlineData("--policies", "bogus", "unknown policy 'bogus'")]
    [InlineData("--seed", "1", "'--seed' was not matched")]
    public void A_bad_value_is_refused_with_exit_code_2_before_anything_runs(string option, string value, string message)
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "controller", option, value]);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("# bench controller", output);
    }

    [Fact]
    public void Seeds_are_a_count_or_a_list()
    {
        Assert.Equal([0, 1, 2], BenchControllerOptions.ParseSeeds("3"));
        Assert.Equal([4, 7], BenchControllerOptions.ParseSeeds("4,7"));
        Assert.Equal([5], BenchControllerOptions.ParseSeeds("5,"));
        Assert.Equal(["commuter", "office"], BenchControllerOptions.ParseScenarios("Commuter, office").Select(s => s.Name));
        Assert.Equal(5, BenchControllerOptions.ParseScenarios("all").Count);
    }
}
