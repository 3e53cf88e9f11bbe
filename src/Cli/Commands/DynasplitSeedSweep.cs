using System.Globalization;
using System.Text.Json;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `dynasplit simulate|replay --seeds N [--first-seed K]`: the whole experiment for seeds K..K+N-1 (default 1..N; each seed drives both offline
/// searches and the outcome draws), `dynasplit` and `dynasplit-robust` side by side per seed, then mean and
/// worst case over the seeds and how many seeds ours met its target: at least <c>--target</c> % of thresholds
/// met (98.5) at no more mean energy than `dynasplit` on the same seed. Seeds on which `dynasplit` spent less than
/// <see cref="PoolEnergyBound"/> (what any scheduler must expect to spend for the target share, knowing the whole pool)
/// are counted apart: there no scheduler could meet the target, in expectation.
/// </summary>
public static class DynasplitSeedSweep
{
    public static int Run(CliArgs args, DynasplitSetup setup, bool simulate)
    {
        var seeds = args.GetInt("seeds", 10);
        if (seeds < 1)
            throw new CliUsageException("--seeds must be at least 1");
        var first = args.GetInt("first-seed", 1);
        var target = args.GetDouble("target", 98.5);
        if (target is < 0 or > 100)
            throw new CliUsageException("--target is a percentage of thresholds met, in [0, 100]");
        var rows = CliProgress.Run($"seeds {first}..{first + seeds - 1}", seeds, args.Json, progress =>
        {
            var done = new List<(int Seed, StrategyOutcome Paper, StrategyOutcome Ours, StrategyOutcome Cloud)>();
            for (var seed = first; seed < first + seeds; seed++)
            {
                var strategies = setup.For(seed);
                if (seed == first)
                    Console.WriteLine($"method: {(simulate ? "simulation" : "testbed replay")} for seeds {first}..{first + seeds - 1}, each as: {setup.Method(seed, strategies)}");
                var outcomes = setup.Run(strategies, seed);
                done.Add((seed, outcomes[0], outcomes[1], outcomes.First(o => o.Strategy == "cloud-only")));
                progress(done.Count);
            }

            return done;
        });

        var bound = PoolEnergyBound.AtLeast(setup.Pool, setup.Thresholds, target);
        Console.WriteLine($"{"seed",4} {"dynasplit met",14} {"viol",5} {"mean J",7} {"c/s/e",16} | {"robust met",11} {"viol",5} {"mean J",7} {"c/s/e",16} {"target",7}");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Seed,4} {r.Paper.MetPercent,13:F2}% {r.Paper.Violations,5} {r.Paper.MeanEnergyJ,7:F2} {Split(r.Paper),16} | " +
                $"{r.Ours.MetPercent,10:F2}% {r.Ours.Violations,5} {r.Ours.MeanEnergyJ,7:F2} {Split(r.Ours),16} {Verdict(r.Paper, r.Ours, target, bound),7}"));
        }

        var met = rows.Count(r => Meets(r.Paper, r.Ours, target));
        var feasible = rows.Count(r => Feasible(r.Paper, bound));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dynasplit:        met mean {rows.Average(r => r.Paper.MetPercent):F2}%, min {rows.Min(r => r.Paper.MetPercent):F2}%, max {rows.Max(r => r.Paper.MetPercent):F2}%; mean energy {rows.Average(r => r.Paper.MeanEnergyJ):F2} J"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dynasplit-robust: met mean {rows.Average(r => r.Ours.MetPercent):F2}%, min {rows.Min(r => r.Ours.MetPercent):F2}%, max {rows.Max(r => r.Ours.MetPercent):F2}%; mean energy {rows.Average(r => r.Ours.MeanEnergyJ):F2} J"));
        Console.WriteLine($"target (>= {target.ToString(CultureInfo.InvariantCulture)}% met and mean energy <= dynasplit's, same seed): {met}/{rows.Count} seeds");
        if (double.IsNaN(bound.MeanEnergyJ))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bound: knowing every recorded run of the pool, a scheduler can expect to meet at most {bound.MaxMetPercent:F2}% of these thresholds: none can meet {target}% ('none' above)"));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bound: knowing every recorded run of the pool, a scheduler must expect to spend {bound.MeanEnergyJ:F2} J per request to meet {target}% " +
                $"(at most {bound.MaxMetPercent:F2}% can be met); dynasplit spent less on {rows.Count - feasible} seed(s) ('none' above), where no scheduler " +
                $"could meet the target in expectation; ours met it on {met}/{feasible} of the others"));
        }

        if (args.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                command = simulate ? "dynasplit simulate --seeds" : "dynasplit replay --seeds", pool = setup.PoolPath, thresholds = setup.ThresholdsPath,
                seeds, firstSeed = first, target, seedsMeetingTarget = met, seedsWhereTargetIsFeasible = feasible,
                boundMeanEnergyJ = double.IsNaN(bound.MeanEnergyJ) ? (double?)null : Math.Round(bound.MeanEnergyJ, 4), boundMaxMetPercent = Math.Round(bound.MaxMetPercent, 3), emulation = setup.Emulated.Name, switchCostMs = setup.SwitchCostMs, confidence = setup.Confidence, missCostJ = setup.MissCostJ,
                dynasplit = Summary(rows.Select(r => r.Paper).ToList()), dynasplitRobust = Summary(rows.Select(r => r.Ours).ToList()),
                perSeed = rows.Select(r => new { seed = r.Seed, dynasplit = DynasplitReplay.Figures(r.Paper, r.Cloud), dynasplitRobust = DynasplitReplay.Figures(r.Ours, r.Cloud) }),
            }));
        }

        return 0;
    }

    private static bool Feasible(StrategyOutcome paper, PoolEnergyBound.Bound bound) => paper.MeanEnergyJ >= bound.MeanEnergyJ;

    private static string Verdict(StrategyOutcome paper, StrategyOutcome ours, double target, PoolEnergyBound.Bound bound) =>
        Meets(paper, ours, target) ? "yes" : Feasible(paper, bound) ? "no" : "none";

    private static bool Meets(StrategyOutcome paper, StrategyOutcome ours, double target) =>
        ours.MetPercent >= target && ours.MeanEnergyJ <= paper.MeanEnergyJ;

    private static string Split(StrategyOutcome o) =>
        $"{o.Count(Planning.DynaSplit.Placement.Cloud)}/{o.Count(Planning.DynaSplit.Placement.Split)}/{o.Count(Planning.DynaSplit.Placement.Edge)}";

    private static object Summary(List<StrategyOutcome> runs) => new
    {
        metPercentMean = Math.Round(runs.Average(o => o.MetPercent), 3), metPercentMin = Math.Round(runs.Min(o => o.MetPercent), 3),
        metPercentMax = Math.Round(runs.Max(o => o.MetPercent), 3), meanEnergyJ = Math.Round(runs.Average(o => o.MeanEnergyJ), 4),
    };
}
