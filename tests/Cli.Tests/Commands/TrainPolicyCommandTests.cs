using System.Text.Json;

namespace Splitwise.Cli.Tests.Commands;

/// <summary>`train-policy` on a tiny run (policy file, curve, JSON, resume), the policy it writes in `simulate` and `bench decision`, and bad values.</summary>
public sealed class TrainPolicyCommandTests
{
    [Fact]
    public void A_tiny_run_writes_a_policy_that_simulate_and_bench_decision_load_and_resumes_from_its_checkpoint()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"train-policy-{Guid.NewGuid():N}");
        try
        {
            var policy = Path.Combine(dir, "splitwise-commuter.policy");
            string[] Tiny(int updates) => ["train-policy", "--updates", updates.ToString(), "--envs", "1", "--steps", "16", "--out", policy, "--checkpoint-dir", Path.Combine(dir, "ckpt"), "--json"];
            var (code, output, error) = ConsoleCapture.Run(Tiny(1));
            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("# train-policy: splitwise for scenario commuter", lines[0]);
            using (var json = JsonDocument.Parse(lines[^1]))
                Assert.Equal(1, json.RootElement.GetProperty("updates").GetInt32());
            Assert.True(File.Exists(policy));
            Assert.True(File.Exists(Path.Combine(dir, "splitwise-commuter-curve.png")));

            // One more update from the checkpoint.
            (code, output, error) = ConsoleCapture.Run([.. Tiny(2), "--resume"]);
            Assert.True(code == 0, error);
            using (var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]))
            {
                Assert.Equal(2, json.RootElement.GetProperty("updates").GetInt32());
                Assert.Equal(1, json.RootElement.GetProperty("resumed_at").GetInt32());
            }

            (code, output, error) = ConsoleCapture.Run(["simulate", "--scenario", "commuter", "--requests", "5", "--policies", "splitwise,cloud-only", "--policy-dir", dir]);
            Assert.True(code == 0, error);
            Assert.Contains(output.Split('\n'), l => l.StartsWith("splitwise ", StringComparison.Ordinal));

            (code, output, error) = ConsoleCapture.Run(["bench", "decision", "--observations", "50", "--policy-dir", dir, "--json"]);
            Assert.True(code == 0, error);
            using (var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]))
            {
                var rows = json.RootElement.GetProperty("policies").EnumerateArray().ToArray();
                Assert.Equal(["splitwise", "drift-plus-penalty"], rows.Select(r => r.GetProperty("policy").GetString()));
                Assert.Equal(0, rows[0].GetProperty("bytes_per_decision").GetDouble());
            }
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_missing_policy_file_is_exit_code_2_naming_the_path_and_the_training_command()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"no-policy-{Guid.NewGuid():N}");
        var (code, _, error) = ConsoleCapture.Run(["simulate", "--scenario", "commuter", "--requests", "5", "--policies", "splitwise", "--policy-dir", dir]);
        Assert.Equal(2, code);
        Assert.Contains(Path.Combine(dir, "splitwise-commuter.policy"), error);
        Assert.Contains("train-policy --scenario commuter", error);
    }

    [Theory]
    [InlineData("--updates", "0", "--updates")]
    [InlineData("--ablation", "no-queues", "--ablation")]
    [InlineData("--scenario", "moon", "--scenario")]
    [InlineData("--steps", "1", "--steps")]
    [InlineData("--imitate", "100", "imitation 100")]
    [InlineData("--resume", null, "--checkpoint-dir")]
    public void A_bad_value_is_refused_with_exit_code_2(string option, string? value, string named)
    {
        var (code, output, error) = ConsoleCapture.Run(value is null ? ["train-policy", option] : ["train-policy", option, value]);
        Assert.Equal(2, code);
        Assert.Contains(named, error);
        Assert.DoesNotContain("# train-policy", output);
    }
}
