using System.Text.Json;
using Splitwise.Cli;
using Splitwise.Cli.Commands;
using Splitwise.Testbed.Policies;

namespace Splitwise.Cli.Tests.Commands;

[Collection("console")]
public class SimulateCommandTests
{
    [Fact]
    public void A_small_run_prints_its_method_a_row_per_policy_plots_and_ends_with_json()
    {
        var dir = Path.Combine(Path.GetTempPath(), "splitwise-simulate-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int code;
        try
        {
            code = SimulateRun(["--model", "gpt2-xl", "--device", "orin-nx", "--requests", "40", "--arrival-rate", "0.05",
                "--policies", "edge-only,cloud-only,clairvoyant", "--prompt", "16-64", "--output", "8-32", "--plots", dir, "--json"]);
        }
        finally
        {
            Console.SetOut(previous);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.StartsWith("# simulate:", lines[0]);
        using var json = JsonDocument.Parse(lines[^1]);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policy").GetString()!).ToArray();
        Assert.Equal(["edge-only", "cloud-only", "clairvoyant"], policies);
        Assert.Equal(40, json.RootElement.GetProperty("requests").GetInt32());
        Assert.All(json.RootElement.GetProperty("plots").EnumerateArray(), p => Assert.True(new FileInfo(p.GetString()!).Length > 1000));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Unknown_names_are_typed_errors()
    {
        Assert.Throws<UnknownPolicyException>(() => SimulateRun(["--policies", "nope"]));
        Assert.Throws<ArgumentException>(() => SimulateRun(["--model", "gpt-5", "--requests", "5"]));
        Assert.Throws<ArgumentException>(() => SimulateRun(["--device", "toaster", "--requests", "5"]));
        Assert.Throws<CliUsageException>(() => SimulateRun(["--trace", "/no/such/trace.csv", "--requests", "5"]));
    }

    private static int SimulateRun(string[] args)
    {
        var command = new SimulateCommand();
        return command.Run(CliApp.Parse(command, args));
    }
}
