using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The clairvoyant policy (a policy, not a bound: it is blind to the cloud load and fixes its plan per window): reads the true link of the coming <paramref name="horizonEpochs"/> epochs (which no real
/// policy can) and answers with the optimal plan for them (<see cref="OracleSolver"/>). With a horizon of 1 it is the
/// optimum for the coming epoch alone; a request outlives an epoch (its plan holds to its end), so the default horizon
/// is the mean request's cloud-session service time, the stretch of link a request starting now lives through.
/// </summary>
public sealed class OraclePolicy(PolicyContext context, LinkTimeline timeline, int horizonEpochs) : IPolicy
{
    private readonly OracleSolver _solver = new(context.Coster, context.Memory);
    private readonly Dictionary<LinkState, PartitionPlan> _byLink = [];
    private readonly Dictionary<LinkState[], PartitionPlan> _byWindow = new(LinkWindowComparer.Instance);

    public string Name => "clairvoyant";

    public int HorizonEpochs => horizonEpochs;

    /// <summary>Epochs a mean request lasts all-cloud at the mean rate of the link's first 100 up epochs: the default horizon.</summary>
    public static int DefaultHorizon(PolicyContext context, LinkTimeline timeline)
    {
        var cloud = OracleSolver.AllCloud(context.Model);
        var up = Enumerable.Range(0, 3600).Select(e => timeline[e]).Where(l => l.Up).Take(100).ToArray();
        var mean = new LinkState(up.Select(l => l.UplinkMbps).DefaultIfEmpty(0).Average(), up.Select(l => l.DownlinkMbps).DefaultIfEmpty(0).Average(),
            up.Select(l => l.RttMs).DefaultIfEmpty(0).Average());
        var seconds = up.Length == 0 || mean.UplinkMbps <= 0 ? timeline.EpochSeconds : context.Coster.Choose(cloud, mean).Seconds;
        return Math.Max(1, (int)Math.Ceiling(seconds / timeline.EpochSeconds));
    }

    public PartitionPlan Decide(Observation observation)
    {
        if (horizonEpochs > 1)
        {
            // A Markov link dwells in its states, so the same window comes back often: solve each once.
            var window = Enumerable.Range(0, horizonEpochs).Select(i => timeline[observation.Epoch + i]).ToArray();
            if (_byWindow.TryGetValue(window, out var windowPlan))
                return windowPlan;
            if (_byWindow.Count > 100_000)
                _byWindow.Clear();
            windowPlan = context.PlanOf(_solver.Solve(window, timeline.EpochSeconds).Layout);
            _byWindow[window] = windowPlan;
            return windowPlan;
        }

        var truth = timeline[observation.Epoch];
        if (_byLink.TryGetValue(truth, out var plan))
            return plan;
        if (_byLink.Count > 100_000)
            _byLink.Clear();
        plan = context.PlanOf(_solver.Solve(truth).Layout);
        _byLink[truth] = plan;
        return plan;
    }
}
