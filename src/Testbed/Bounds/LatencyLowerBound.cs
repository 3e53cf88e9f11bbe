using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Bounds;

/// <summary>
/// A lower bound on every request's latency and time to first token in a <see cref="World"/>, whatever the plans,
/// written out in README ("World: the bound"). Each token (the prefill, then each decode step) takes at least
/// <see cref="TokenBound"/> on the true link and cloud load of the epoch it starts in, a plan switch only adds (KV
/// moves), and the edge serves FIFO one at a time, so request i starts no earlier than max(arrival, the bound's end of
/// request i-1). Starting later can finish earlier when the link improves, so each token's finish is taken as the
/// earliest over every start at or after the time it may start (a non-decreasing envelope): the composition of
/// non-decreasing functions that are each below the true one stays below the truth for any later true start. Hence
/// latency_i >= bound_i for every request and every policy, and so does every order statistic (mean, p50, p95, p99).
/// Budgets are not imposed: a bound without them is lower still (Lagrangian tightening is left to do).
/// </summary>
public static class LatencyLowerBound
{
    private const double GiveUpSeconds = 1e7;

    public sealed record Result(double[] LatencySeconds, double[] TimeToFirstTokenSeconds)
    {
        public double Mean => LatencySeconds.Average();

        public double Percentile(double q) => PolicySummary.Percentile(LatencySeconds.Order().ToArray(), q);

        public double MeanTtft => TimeToFirstTokenSeconds.Average();
    }

    public static Result Of(World world)
    {
        var requests = world.Requests;
        var reference = Math.Max(1, requests.Max(r => r.PromptTokens + r.OutputTokens));
        var bound = new TokenBound(world.Setup.Coster, world.Setup.Memory, reference);
        var timeline = world.Timeline;
        var cloud = world.Cloud;
        var latency = new double[requests.Count];
        var ttft = new double[requests.Count];
        var free = 0.0;
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            var t = Math.Max(r.ArrivalSeconds, free);
            t = EarliestFinish(t, timeline, e => bound.Prefill(r.PromptTokens, timeline[e], cloud.PrefillSlowdown(e, r.PromptTokens)));
            ttft[i] = t - r.ArrivalSeconds;
            for (var j = 0; j < r.OutputTokens - 1; j++)
            {
                var context = r.PromptTokens + j;
                t = EarliestFinish(t, timeline, e => bound.Decode(context, timeline[e], cloud.DecodeSlowdown(e, context)));
            }

            latency[i] = t - r.ArrivalSeconds;
            free = t;
        }

        return new Result(latency, ttft);
    }

    /// <summary>min over s >= t of s + seconds(epoch of s): within an epoch the earliest start is best, so only epoch starts after t compete.</summary>
    private static double EarliestFinish(double t, LinkTimeline timeline, Func<long, double> seconds)
    {
        var epoch = timeline.EpochOf(t);
        var best = t + seconds(epoch);
        for (var e = epoch + 1; timeline.StartOf(e) < best; e++)
        {
            best = Math.Min(best, timeline.StartOf(e) + seconds(e));
            if (timeline.StartOf(e) - t > GiveUpSeconds)
                throw new InvalidOperationException($"no pass can run for {GiveUpSeconds:G3} s from t = {t:F0} s: the link never comes back and the all-edge plan does not fit");
        }

        return best;
    }
}
