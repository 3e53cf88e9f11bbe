using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench lyapunov`'s options: a scenario, with the model, device, edge load, cloud load and edge power budget
/// overridable, the link (the scenario's trace, or the synthetic alternating one: `--link alternating`), the epochs, V and the V
/// sweep. Declared here (help, ranges, choices: a bad value is exit code 2 before the bench runs) and read back.
/// </summary>
public sealed record BenchLyapunovOptions(Scenario Scenario, long Epochs, double V, double[] Sweep, long SweepEpochs, int Seed, string Plots, ILinkModel? Link)
{
    public static void Declare(CliSpec spec) => spec
        .Text("scenario", $"the world: {string.Join(", ", Scenarios.Names)} (default office; its budgets, with the edge power budget below)", [.. Scenarios.Names])
        .Text("model", "model preset (default gpt2-xl)")
        .Text("device", "edge device preset (default orin-nx)")
        .Double("edge-load", "arrivals as a share of what a cloud-only edge serves on the median link (default 0.3)", min: 1e-6)
        .Double("cloud-utilisation", "other tenants' share of the cloud GPU's KV memory, in [0, 1) (default 0)", min: 0, max: 0.999)
        .Double("edge-power-w", "edge power budget, W (default 6)", min: 1e-6)
        .Text("link", "trace (the scenario's evaluation trace for the seed; default) or alternating (20 then 3 Mbit/s, 600 s each)", "trace", "alternating")
        .Int("epochs", "epochs of the stability runs, controller and ablation (default 100,000)", min: 1)
        .Double("v", "V of the stability runs (default 1)", min: 0)
        .Text("sweep", "comma-separated V values of the trade-off sweep (default 0.1,1,10,100,1000)")
        .Int("sweep-epochs", "epochs per V of the sweep (default 100,000)", min: 1)
        .Int("seed", "seed of the world (default 1)")
        .Text("plots", "folder for the PNGs (default plots/lyapunov)")
        .Json();

    public static BenchLyapunovOptions Parse(CliArgs args)
    {
        var s = Scenarios.Get(args.Get("scenario", "office"));
        s = s with
        {
            Model = args.Get("model", "gpt2-xl"), Device = args.Get("device", "orin-nx"),
            EdgeLoad = args.GetDouble("edge-load", 0.3), CloudUtilisation = args.GetDouble("cloud-utilisation", 0),
            Budgets = s.Budgets with { EdgePowerW = args.GetDouble("edge-power-w", 6) },
        };
        var sweep = args.Get("sweep", "0.1,1,10,100,1000").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => double.TryParse(x, System.Globalization.CultureInfo.InvariantCulture, out var d) && d >= 0 && double.IsFinite(d)
                ? d
                : throw new CliUsageException($"--sweep: '{x}' is not a V >= 0"))
            .ToArray();
        if (sweep.Length == 0)
            throw new CliUsageException("--sweep: no V given");
        var link = args.Get("link", "trace").ToLowerInvariant() == "alternating" ? LyapunovRun.AlternatingLink : null;
        return new(s, args.GetInt("epochs", 100_000), args.GetDouble("v", 1), sweep, args.GetInt("sweep-epochs", 100_000), args.GetInt("seed", 1),
            args.Get("plots", "plots/lyapunov"), link);
    }
}
