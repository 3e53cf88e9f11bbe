using Splitwise.Planning.DynaSplit;
using Splitwise.Planning.DynaSplit.Scheduling;

namespace Splitwise.Testbed;

/// <summary>
/// Replays a threshold sequence against recorded runs, as the paper's simulation does: for each request
/// the scheduler picks a configuration (knowing which one is applied), and the request's outcome is a
/// run of that configuration drawn at random from the pool (seeded). A hardware change adds
/// <c>switchCostMs</c> to that request's latency (0 reproduces the paper, which does not charge it).
/// A closed-loop scheduler is then told the run's latency (<see cref="IOnlineScheduler.Observe"/>).
/// Method: hpc-tuwien/SPLINTER controller/simulate.py (`run_experiment_for_qos`: `filtered_pool.sample(n=1)`).
/// With <paramref name="rerunNoise"/> (EMULATED, not the paper's; <see cref="PoolEmulation.Rerun"/>) an outcome is an independent rerun instead.
/// </summary>
public static class PoolReplay
{
    public static StrategyOutcome Run(IOnlineScheduler scheduler, IReadOnlyList<double> thresholds, MeasurementPool pool,
        ConfigurationSpace space, int seed, double switchCostMs = 0, RerunNoise? rerunNoise = null)
    {
        var random = new Random(seed);
        Configuration? current = null;
        var requests = new List<RequestOutcome>(thresholds.Count);
        foreach (var threshold in thresholds)
        {
            var choice = scheduler.Choose(threshold, current).Configuration;
            var run = rerunNoise?.Draw(pool, choice, random) ?? pool.Draw(choice, random);
            var latency = run.LatencyMs + SwitchingCost.DelayMs(current, choice, switchCostMs);
            scheduler.Observe(choice, run.LatencyMs);
            requests.Add(new RequestOutcome(threshold, choice, space.PlacementOf(choice), latency, run.EnergyJ));
            current = choice;
        }

        return new StrategyOutcome(scheduler.Name, requests);
    }
}
