using System.Text.Json;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>`bench lyapunov` on a short run (its method, both runs, the sweep, the PNGs, JSON) and its bad values.</summary>
public sealed class BenchLyapunovCommandTests
{
    [Fact]
    public void A_short_run_prints_its_method_both_runs_the_sweep_and_json_and_writes_the_plots()
    {
        var plots = Path.Combine(Path.GetTempPath(), $"lyapunov-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = ConsoleCapture.Run(["bench", "lyapunov", "--link", "alternating", "--epochs", "1200", "--sweep", "1,100", "--sweep-epochs", "300", "--plots", plots, "--json"]);

            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("# bench lyapunov: scenario office with gpt2-xl on orin-nx, link alternating", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("drift-plus-penalty", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("penalty-only", StringComparison.Ordinal));
            using var json = JsonDocument.Parse(lines[^1]);
            var root = json.RootElement;
            Assert.Equal("lyapunov", root.GetProperty("bench").GetString());
            Assert.Equal(1200, root.GetProperty("drift_plus_penalty").GetProperty("epochs").GetInt32());
            // Over one good and one poor half of the link the ablation's energy queue ends above the controller's.
            static double LastEnergyQueue(JsonElement run) => run.GetProperty("last_queue")[0].GetDouble();
            Assert.True(LastEnergyQueue(root.GetProperty("penalty_only")) > LastEnergyQueue(root.GetProperty("drift_plus_penalty")));
            Assert.Equal([1.0, 100.0], root.GetProperty("sweep").EnumerateArray().Select(r => r.GetProperty("v").GetDouble()));
            Assert.Equal(3, Directory.GetFiles(plots, "*.png").Length);
        }
        finally
        {
            if (Directory.Exists(plots))
                Directory.Delete(plots, recursive: true);
        }
    }

    [Theory]
    [InlineData("--v", "-1", "--v")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--sweep", "1,x", "--sweep")]
    [InlineData("--link", "wifi", "--link")]
    [InlineData("--cloud-utilisation", "1", "--cloud-utilisation")]
    [InlineData("--scenario", "moon", "--scenario")]
    public void A_bad_value_is_refused_with_exit_code_2(string option, string value, string named)
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "lyapunov", option, value, "--epochs", "10"]);
        if (option == "--epochs")
            (code, output, error) = ConsoleCapture.Run(["bench", "lyapunov", option, value]);
        Assert.Equal(2, code);
        Assert.Contains(named, error);
        Assert.DoesNotContain("# bench lyapunov", output);
    }
}
