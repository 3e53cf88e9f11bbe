using Splitwise.Planning.Lyapunov;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Policies;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// The drift-plus-penalty controller driven through a <see cref="SplitEnvironment"/> for a fixed number of epochs
/// (requests re-served from the start if they run out), recording every epoch's queues: what `bench lyapunov` plots
/// and what the stability tests check. Mean latency is the penalty actually paid.
/// </summary>
public static class LyapunovRun
{
    /// <summary>
    /// `bench lyapunov --link alternating` and the tests' link: good then poor, ten minutes each, repeating. On it the split
    /// is a clean trade-off (cloud-only is faster on the good link, edge-only on the poor one, at more edge energy), with
    /// no trace file needed.
    /// </summary>
    public static ILinkModel AlternatingLink { get; } = new PiecewiseLink(
        [(TimeSpan.Zero, new LinkState(20, 20, 30)), (TimeSpan.FromSeconds(600), new LinkState(3, 3, 30))], TimeSpan.FromSeconds(1200),
        "alternating: 20 Mbit/s for 600 s, then 3 Mbit/s for 600 s, 30 ms RTT, repeating");

    /// <param name="Backlogs">per epoch, the budgets' virtual queues (edge energy, cloud spend, accuracy loss) then the real edge queue.</param>
    /// <param name="MeanUsage">time-average share of each budget (1 = on budget).</param>
    /// <param name="MeanBacklog">time average of each queue, same order as <paramref name="Backlogs"/>.</param>
    public sealed record Result(string Policy, double V, long Epochs, double[][] Backlogs, double[] MeanUsage, double[] MeanBacklog, double MeanLatencySeconds, long Served)
    {
        /// <summary>Every budget's time-average usage within <paramref name="tolerance"/> of it.</summary>
        public bool BudgetsHeld(double tolerance = 0.01) => MeanUsage.All(u => u <= 1 + tolerance);
    }

    public static Result Run(World world, double v, long epochs, bool queueTerm = true)
    {
        var policy = new DriftPlusPenaltyPolicy(world.Setup.Context, world.Lyapunov(v) with { QueueTerm = queueTerm });
        var env = SplitEnvironment.Reset(world);
        var observation = env.Observation;
        var backlogs = new double[epochs][];
        var usage = new double[3];
        double latency = 0;
        long served = 0;
        for (var e = 0; e < epochs; e++)
        {
            if (env.Done)
            {
                env = SplitEnvironment.Reset(world);
                observation = env.Observation;
            }

            var (next, outcome) = env.Step(policy.Decide(observation), moveInFlight: false);
            observation = next;
            var b = outcome.Budgets;
            policy.Observe(new BudgetSample(b.EdgePower, b.CloudSpend, b.CodecLoss));
            (usage[0], usage[1], usage[2]) = (usage[0] + b.EdgePower, usage[1] + b.CloudSpend, usage[2] + b.CodecLoss);
            backlogs[e] = [.. policy.Queues.Backlogs(), env.QueueLength];
            foreach (var r in outcome.Completed)
                (latency, served) = (latency + r.LatencySeconds, served + 1);
        }

        var mean = Enumerable.Range(0, 4).Select(i => backlogs.Average(x => x[i])).ToArray();
        return new Result(policy.Name, v, epochs, backlogs, usage.Select(u => u / epochs).ToArray(), mean, served == 0 ? double.NaN : latency / served, served);
    }
}
