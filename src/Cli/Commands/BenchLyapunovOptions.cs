using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Links;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench lyapunov`'s options, parsed apart from the command (the CLI's parser is being replaced): a scenario, with
/// the model, device, edge load, cloud load and edge power budget overridable, the link (the alternating default, or the
/// scenario's trace: `--link trace`), the epochs, V and the V sweep.
/// </summary>
public sealed record BenchLyapunovOptions(Scenario Scenario, long Epochs, double V, double[] Sweep, long SweepEpochs, int Seed, string Plots, ILinkModel? Link)
{
    public const string Usage = "[--scenario office --model gpt2-xl --device orin-nx --edge-load 0.3 --cloud-utilisation 0 --edge-power-w 6 --link alternating|trace --epochs 100000 --v 1 --sweep 0.1,1,10,100,1000 --sweep-epochs 100000 --seed 1 --plots plots/lyapunov]";

    public static BenchLyapunovOptions Parse(CliArgs args)
    {
        var s = Scenarios.Get(args.Get("scenario", "office"));
        s = s with
        {
            Model = args.Get("model", "gpt2-xl"), Device = args.Get("device", "orin-nx"),
            EdgeLoad = args.GetDouble("edge-load", 0.3), CloudUtilisation = args.GetDouble("cloud-utilisation", 0),
            Budgets = s.Budgets with { EdgePowerW = args.GetDouble("edge-power-w", 6) },
        };
        var epochs = args.GetInt("epochs", 100_000);
        var sweepEpochs = args.GetInt("sweep-epochs", 100_000);
        var v = args.GetDouble("v", 1);
        if (epochs <= 0 || sweepEpochs <= 0)
            throw new CliUsageException($"--epochs and --sweep-epochs must be positive, got {epochs} and {sweepEpochs}");
        if (v < 0 || !(s.EdgeLoad > 0) || s.CloudUtilisation is < 0 or >= 1)
            throw new CliUsageException("--v must be >= 0, --edge-load > 0, --cloud-utilisation in [0, 1)");
        var sweep = args.Get("sweep", "0.1,1,10,100,1000").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => double.TryParse(x, System.Globalization.CultureInfo.InvariantCulture, out var d) && d >= 0 ? d : throw new CliUsageException($"--sweep: '{x}' is not a V >= 0"))
            .ToArray();
        var link = args.Get("link", "alternating") switch
        {
            "alternating" => LyapunovRun.AlternatingLink,
            "trace" => null,
            var x => throw new CliUsageException($"--link: '{x}' is not alternating or trace"),
        };
        return new(s, epochs, v, sweep, sweepEpochs, args.GetInt("seed", 1), args.Get("plots", "plots/lyapunov"), link);
    }
}
