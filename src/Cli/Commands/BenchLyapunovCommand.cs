using System.Diagnostics;
using Splitwise.Cli.Bench;
using Splitwise.Testbed.Environment;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench lyapunov`: the drift-plus-penalty controller's stability over many epochs against its penalty-only ablation
/// (the queue term removed), and the [O(1/V), O(V)] trade-off over a sweep of V; PNGs of the queues over time and of
/// the trade-off.
/// </summary>
public sealed class BenchLyapunovCommand : ICliCommand
{
    private static readonly string[] QueueNames = ["Z edge energy", "Z cloud spend", "Z accuracy loss", "edge queue (requests)"];

    public string Name => "bench lyapunov";

    public string Summary => "drift-plus-penalty controller: stability vs its penalty-only ablation, and the V trade-off";

    public void Declare(CliSpec spec) => BenchLyapunovOptions.Declare(spec);

    public int Run(CliArgs args)
    {
        var o = BenchLyapunovOptions.Parse(args);
        var rate = new World(o.Scenario with { Requests = 100 }, o.Seed, o.Link).ArrivalRatePerSecond;
        var world = new World(o.Scenario with { Requests = (int)Math.Min(int.MaxValue, Math.Ceiling(rate * o.Epochs) + 10) }, o.Seed, o.Link);
        var s = o.Scenario;
        BenchOutput.PrintMethod($"bench lyapunov: scenario {s.Name} with {s.Model} on {s.Device}, link {world.Link.Description}, edge load {s.EdgeLoad} (arrivals {world.ArrivalRatePerSecond:G3}/s: below the cloud-only capacity), cloud utilisation {s.CloudUtilisation}, budgets {s.Budgets}; seed {o.Seed}. "
            + $"The myopic drift-plus-penalty controller (V = {o.V}) and its ablation without the queue term (V x penalty only) each run {o.Epochs} epochs of {world.Timeline.EpochSeconds:G3} s in SplitEnvironment (plans from the next request on); "
            + "each epoch the controller scores every layer cut that fits the edge memory by V x its service time on the last epoch's link + sum of Z_i x its long-run share of budget i at the mean arrival rate so far + edge queue x its service time in epochs "
            + "(the cost model prices the cuts once per distinct link estimate and caches them, so an epoch costs a lookup and one sum per cut); "
            + "per budget the time-average usage (1 = on budget; held = <= 1.01) and the time-average virtual queue, and the real edge queue; then each V of the sweep for "
            + $"{o.SweepEpochs} epochs: mean latency (the penalty) vs the time-average sum of the virtual queues. Wall time on this machine, one thread.");
        var clock = Stopwatch.StartNew();
        var dpp = LyapunovRun.Run(world, o.V, o.Epochs);
        var ablation = LyapunovRun.Run(world, o.V, o.Epochs, queueTerm: false);
        var sweep = o.Sweep.Select(v => LyapunovRun.Run(world, v, o.SweepEpochs)).ToArray();
        var wall = clock.Elapsed.TotalSeconds;
        foreach (var r in new[] { dpp, ablation })
            Console.WriteLine($"{r.Policy,-20} V={r.V:G3}: mean latency {r.MeanLatencySeconds:F2} s over {r.Served} requests; usage (edge, cloud, loss) {F(r.MeanUsage)}; budgets held: {r.BudgetsHeld()}; mean queues {F(r.MeanBacklog)}; last queues {F(r.Backlogs[^1])}");
        foreach (var r in sweep)
            Console.WriteLine($"V={r.V,-8:G3} mean latency {r.MeanLatencySeconds:F2} s, mean sum of virtual queues {r.MeanBacklog.Take(3).Sum():F2}, edge queue {r.MeanBacklog[3]:F2}, held {r.BudgetsHeld()}");
        var plots = LyapunovPlots.Write(o.Plots, $"{s.Name}-{(o.Link is null ? "trace" : "alternating")}", QueueNames, [dpp, ablation], sweep);
        Console.WriteLine($"plots: {string.Join(", ", plots)}; {wall:F1} s");
        object Row(LyapunovRun.Result r) => new
        {
            policy = r.Policy, v = r.V, epochs = r.Epochs, mean_latency_s = r.MeanLatencySeconds, served = r.Served, budgets_held = r.BudgetsHeld(),
            mean_usage = new { edge_energy = r.MeanUsage[0], cloud_spend = r.MeanUsage[1], accuracy_loss = r.MeanUsage[2] },
            mean_queue = new { edge_energy = r.MeanBacklog[0], cloud_spend = r.MeanBacklog[1], accuracy_loss = r.MeanBacklog[2], edge_requests = r.MeanBacklog[3] },
            last_queue = r.Backlogs[^1],
        };
        if (!args.Json)
            return 0;
        BenchOutput.PrintJson(new
        {
            bench = "lyapunov", scenario = s.Name, model = s.Model, device = s.Device, edge_load = s.EdgeLoad, cloud_utilisation = s.CloudUtilisation,
            budgets = s.Budgets.ToString(), seed = o.Seed, drift_plus_penalty = Row(dpp), penalty_only = Row(ablation), sweep = sweep.Select(Row).ToArray(), wall_s = wall,
            machine = System.Environment.ProcessorCount + " cores",
        });
        return 0;
    }

    private static string F(IEnumerable<double> xs) => string.Join(" / ", xs.Select(x => x.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)));
}
