using System.Globalization;
using System.Text.Json;
using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `dynasplit replay` (the paper's 50 testbed thresholds) and `dynasplit simulate` (its 10,000): every
/// strategy, same seed, outcomes drawn from the pool. Replay also reports what the paper's strategies measured
/// on the real testbed for the same 50 requests, when that file is present. `--seeds N` repeats the whole
/// experiment (offline searches included) for seeds 1..N; see <see cref="DynasplitSeedSweep"/>.
/// </summary>
public static class DynasplitReplay
{
    public static int Run(CliArgs args, bool simulate)
    {
        var setup = new DynasplitSetup(args, simulate);
        if (args.Get("seeds") is not null)
            return DynasplitSeedSweep.Run(args, setup, simulate);

        var seed = args.GetInt("seed", 1);
        var strategies = setup.For(seed);
        var outcomes = setup.Run(strategies, seed);
        Console.WriteLine($"method: {(simulate ? "simulation" : "testbed replay")} of {setup.Method(seed, strategies)}");
        var cloud = outcomes.First(o => o.Strategy == "cloud-only");
        Console.WriteLine($"{"strategy",-20} {"met",11} {"viol",6} {"mean J",8} {"median J",9} {"vs cloud",9} {"mean ms",8} {"cloud/split/edge",17}");
        foreach (var o in outcomes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Strategy,-20} {o.MetPercent,10:F2}% {o.Violations,6} {o.MeanEnergyJ,8:F2} {o.MedianEnergyJ,9:F2} {100 * (o.MeanEnergyJ / cloud.MeanEnergyJ - 1),8:F1}% {o.MeanLatencyMs,8:F1} " +
                $"{o.Count(Placement.Cloud),5}/{o.Count(Placement.Split)}/{o.Count(Placement.Edge)}"));
        }

        var paper = simulate ? null : PaperTestbed(args);
        if (args.Get("plots") is { } plotDir)
            Console.WriteLine($"plots: {string.Join(", ", DynasplitPlots.Write(plotDir, outcomes, simulate ? "simulation" : "replay"))}");

        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = simulate ? "dynasplit simulate" : "dynasplit replay", pool = setup.PoolPath, thresholds = setup.ThresholdsPath,
                emulation = setup.Emulated.Name, front = strategies.FrontSource, robustFront = strategies.RobustSource, seed, switchCostMs = setup.SwitchCostMs,
                robustSwitchCostMs = setup.RobustSwitchCostMs, confidence = setup.Confidence, missCostJ = setup.MissCostJ, requests = setup.Thresholds.Count,
                strategies = outcomes.ToDictionary(o => o.Strategy, o => Figures(o, cloud)),
                paperTestbed = paper,
            }));
        }

        return 0;
    }

    public static object Figures(StrategyOutcome o, StrategyOutcome cloud) => new
    {
        met = o.Requests.Count - o.Violations, violations = o.Violations, metPercent = Math.Round(o.MetPercent, 3),
        meanEnergyJ = Math.Round(o.MeanEnergyJ, 4), medianEnergyJ = Math.Round(o.MedianEnergyJ, 4),
        energyVsCloudPercent = Math.Round(100 * (o.MeanEnergyJ / cloud.MeanEnergyJ - 1), 2),
        meanLatencyMs = Math.Round(o.MeanLatencyMs, 2), medianLatencyMs = Math.Round(o.MedianLatencyMs, 2),
        cloud = o.Count(Placement.Cloud), split = o.Count(Placement.Split), edge = o.Count(Placement.Edge),
    };

    /// <summary>Met count and mean energy per strategy as recorded on the paper's real testbed.</summary>
    private static Dictionary<string, object>? PaperTestbed(CliArgs args)
    {
        var path = DynasplitInputs.OptionalTestbedResults(args);
        if (path is null)
            return null;
        var results = TestbedResultsCsv.Read(path);
        Console.WriteLine($"paper's real testbed ({Path.GetFileName(path)}; recorded, not replayed; splinter:latency = DynaSplit):");
        var summary = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var g in results.GroupBy(r => r.Strategy).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var met = g.Count(r => r.LatencyMs <= r.ThresholdMs);
            var energy = g.Average(r => r.EnergyJ);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Key,-28} met {met}/{g.Count()}  mean energy {energy:F2} J"));
            summary[g.Key] = new { met, requests = g.Count(), meanEnergyJ = Math.Round(energy, 4) };
        }

        return summary;
    }
}
