using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Planning.Lyapunov;
using Splitwise.Planning.Migration;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Controller;

/// <summary>
/// The simulated twin of a live controlled generation: one request of <c>prompt</c> + <c>tokens</c> on the link model,
/// the policy deciding every epoch (the first at one epoch, as the live timer's) on the observation the
/// <see cref="ObservationBuilder"/> makes of a probe at the epoch's link (two sizes each way, as the controller grain
/// sends; the probes and the meter read take their link time before the plan applies and the next epoch is one period
/// after that, as the grain's non-overlapping timer), each token costed by the <see cref="FabricStepModel"/> (the fabric's schedule, calibrated edge and cloud,
/// the call overhead) on the link as it is when the token starts; a token that needs the link while it is down waits
/// for it. A plan change's KV caches cross the link as they do live (MigrationLink): each moved head group's cache of the
/// positions held so far (<see cref="KvMove"/>) takes its one-way time from when the plan applies, the groups in parallel,
/// and the next token waits for the slowest (<see cref="Token.MoveWaitSeconds"/>).
/// </summary>
public static class SimulatedControllerRun
{
    /// <param name="MoveWaitSeconds">of <see cref="Seconds"/>, the wait for a plan change's KV caches to arrive.</param>
    public sealed record Token(int Index, double StartSeconds, double Seconds, string Placement, double MoveWaitSeconds = 0);

    public sealed record Decision(double TimeSeconds, string Placement, bool Changed);

    /// <param name="initial">the plan in force before the first epoch.</param>
    /// <param name="probeBytes">the controller's probe payload.</param>
    public static (IReadOnlyList<Token> Tokens, IReadOnlyList<Decision> Decisions) Run(LiveSetup setup, IPolicy policy, ILinkModel link,
        PartitionPlan initial, int promptTokens, int tokens, int probeBytes = 2048)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(policy);
        var epoch = setup.Options.EpochSeconds;
        var observations = setup.Observations(LinkEstimator.Unmeasured);
        var plan = initial;
        var decisions = new List<Decision>();
        var done = new List<Token>();
        var next = epoch;
        var t = 0.0;
        PartitionPlan? pending = null;
        var applyAt = double.PositiveInfinity;
        var movedBy = 0.0;
        for (var i = 0; i < tokens; i++)
        {
            while (t >= next || t >= applyAt)
            {
                if (applyAt <= next)
                {
                    var held = i == 0 ? 0 : promptTokens + i - 1;
                    movedBy = Math.Max(movedBy, applyAt + MoveSeconds(setup, plan, pending!, held, link, applyAt));
                    (plan, pending, applyAt) = (pending!, null, double.PositiveInfinity);
                    continue;
                }

                // The controller's epoch: its probes and the meter read take their time on the link; the plan applies
                // when they are done and the next epoch starts one period after that (the timer does not overlap).
                var state = link.At(TimeSpan.FromSeconds(next));
                var probe = state.Up ? Probe(link, next, probeBytes) : new LinkSums(default, default, 1, true);
                var (o, budget, _) = observations.Next(new LiveMeasurement(next, probe, !state.Up, 1, decisions.Count == 0 ? 1 : 0, 0));
                if (policy is IOutcomeObserver observer)
                    observer.Observe(budget);
                var chosen = policy.Decide(o);
                var busy = state.Up ? (probe.Up.DelayMs + probe.Down.DelayMs + state.RttMs) / 1e3 : 0;
                decisions.Add(new Decision(next + busy, PlanLetters.Of(chosen), chosen.ChangedFrom(pending ?? plan).Count > 0));
                (pending, applyAt) = (chosen, next + busy);
                next += busy + epoch;
            }

            var (position, count) = i == 0 ? (0, promptTokens) : (promptTokens + i - 1, 1);
            var start = t;
            var moveWait = Math.Max(0, movedBy - t);
            t += moveWait;
            double seconds;
            while (true)
            {
                var state = link.At(TimeSpan.FromSeconds(t));
                var up = state.Up ? state : state with { UplinkMbps = 0, DownlinkMbps = 0 };
                try
                {
                    seconds = setup.StepModel(new ConstantLink(up.UplinkMbps, up.DownlinkMbps, up.RttMs)).Step(plan, position, count).Seconds;
                    break;
                }
                catch (LinkOutageException)
                {
                    t += 0.01; // waits for the link
                }

                if (t - start > 3600)
                    throw new InvalidOperationException("the link stays down for an hour: the simulated token cannot run");
            }

            done.Add(new Token(i, start, t - start + seconds, PlanLetters.Of(plan), moveWait));
            t += seconds;
        }

        return (done, decisions);
    }

    // The slowest moved head group's one-way time, as MigrationLink charges each arriving activation (none in an outage:
    // Orleans has already moved the state).
    private static double MoveSeconds(LiveSetup setup, PartitionPlan previous, PartitionPlan next, int held, ILinkModel link, double at)
    {
        if (held == 0)
            return 0;
        var group = KvMove.GroupBytes(next.Spec.KvHeadsPerGroup, setup.Shape.HeadDim, held);
        var moved = next.ChangedFrom(previous).Where(id => id.Kind == SubBlockKind.AttentionHeads).Select(id => next.Tiers[id]).Distinct();
        var slowest = 0.0;
        foreach (var to in moved)
        {
            try
            {
                slowest = Math.Max(slowest, link.OneWay(TimeSpan.FromSeconds(at), group, to == Tier.Cloud ? LinkDirection.Uplink : LinkDirection.Downlink).TotalSeconds);
            }
            catch (LinkOutageException)
            {
            }
        }

        return slowest;
    }

    // What the controller's two probes leave on the meters at time t: a payload each way and an empty call.
    private static LinkSums Probe(ILinkModel link, double t, int bytes)
    {
        LinkDirectionSums up = default, down = default;
        var at = TimeSpan.FromSeconds(t);
        foreach (var b in new long[] { bytes, 4 })
        {
            up = up.Add(b, link.OneWay(at, b, LinkDirection.Uplink).TotalMilliseconds);
            down = down.Add(b, link.OneWay(at, b, LinkDirection.Downlink).TotalMilliseconds);
        }

        return new LinkSums(up, down, 0, true);
    }
}
