using System.Diagnostics;
using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Policies;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// One policy driven through a <see cref="SplitEnvironment"/> until every request completed: `simulate --scenario`
/// is this loop. A run whose edge queue passes <paramref name="maxQueue"/> is unstable (its latency grows without
/// bound at this load): it stops there and says so. Without <c>moveInFlight</c> a plan applies from the next request
/// on (the baselines' papers decide per inference); with it the request in service switches too, moving its KV caches.
/// </summary>
public static class EnvironmentRun
{
    public sealed record Result(string Policy, IReadOnlyList<CompletedRequest> Requests, IReadOnlyList<EpochOutcome> Epochs, int Rejected, double WallSeconds, string? Unstable);

    public static Result Run(World world, IPolicy policy, bool moveInFlight = false, int maxQueue = 200)
    {
        var clock = Stopwatch.StartNew();
        // A policy that moves caches faster than it serves tokens can stall forever: past this many epochs it is unstable too.
        var maxEpochs = 10 * world.Timeline.EpochOf(world.Requests[^1].ArrivalSeconds) + 100_000;
        var env = SplitEnvironment.Reset(world);
        var observation = env.Observation;
        var requests = new List<CompletedRequest>();
        var epochs = new List<EpochOutcome>();
        var rejected = 0;
        string? unstable = null;
        while (!env.Done)
        {
            var (next, outcome) = env.Step(policy.Decide(observation), moveInFlight);
            observation = next;
            // After the epoch ran: a controller's queues see only the past.
            if (policy is IOutcomeObserver observer)
                observer.Observe(new BudgetSample(outcome.Budgets.EdgePower, outcome.Budgets.CloudSpend, outcome.Budgets.CodecLoss));
            requests.AddRange(outcome.Completed);
            epochs.Add(outcome);
            rejected += outcome.PlanRejected ? 1 : 0;
            if (env.QueueLength > maxQueue || env.Epoch >= maxEpochs)
            {
                unstable = env.QueueLength > maxQueue
                    ? $"edge queue passed {maxQueue} waiting requests at t = {env.Epoch * world.Timeline.EpochSeconds:F0} s after {requests.Count} served: the load is beyond this policy"
                    : $"{requests.Count} of {world.Requests.Count} served after {env.Epoch} epochs: the policy stalls (moving caches faster than it serves)";
                break;
            }
        }

        return new Result(policy.Name, requests, epochs, rejected, clock.Elapsed.TotalSeconds, unstable);
    }
}
