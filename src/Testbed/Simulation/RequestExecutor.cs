using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Simulation;

/// <summary>
/// Runs one request under a plan over the link timeline without stepping token by token: within an epoch the link is
/// constant, so a decode step's cost is an affine function of the context (exact at context 0 and at
/// <see cref="ReferenceContext"/>, linear between: the KV reads and attention FLOPs grow linearly, the roofline's max
/// and the two tiers' overlap make it piecewise linear, so the chord is an upper bound), and the number of tokens that
/// start in the epoch is the root of a quadratic. A token that starts in an epoch is charged that epoch's link; a lone step that outlasts its epoch moves its bytes at each epoch's rate (FluidTransfer). In an
/// outage a plan that crosses the link stalls until the link is back; an all-edge plan keeps going.
/// </summary>
public sealed class RequestExecutor(PlanCoster coster, LinkTimeline timeline, int referenceContext)
{
    private const double StallLimitSeconds = 1e7;
    private readonly DecodeLines _lines = new(coster, timeline, referenceContext);

    public int ReferenceContext => referenceContext;

    public readonly record struct Served(double EndSeconds, double FirstTokenSeconds, StageCost Cost, double StalledSeconds);

    public Served Serve(PlanLayout layout, RequestSpec request, double start)
    {
        var t = start;
        var stalled = 0.0;
        StageCost prefill;
        while (true)
        {
            var epoch = timeline.EpochOf(t);
            var line = Line(layout, epoch);
            prefill = coster.Prefill(layout, line.Route, request.PromptTokens, timeline[epoch]);
            if (!prefill.Stalled)
                break;
            stalled += Stall(ref t, epoch, start);
        }

        prefill = FluidTransfer.Spill(prefill, t, timeline);
        var total = prefill;
        t += prefill.Seconds;
        var firstToken = t;
        int left = request.OutputTokens - 1, context = request.PromptTokens;
        while (left > 0)
        {
            var epoch = timeline.EpochOf(t);
            var (_, at0, atRef) = Line(layout, epoch);
            if (at0.Stalled || atRef.Stalled)
            {
                stalled += Stall(ref t, epoch, start);
                continue;
            }

            var k = TokensStartingBefore(at0.Seconds, (atRef.Seconds - at0.Seconds) / referenceContext, context, timeline.StartOf(epoch + 1) - t, left);
            var meanContext = context + (k - 1) / 2.0;
            var cost = StageCost.Lerp(at0, atRef, meanContext / referenceContext).Scaled(k);
            if (k == 1)
                cost = FluidTransfer.Spill(cost, t, timeline);
            total += cost;
            t += cost.Seconds;
            (context, left) = (context + k, left - k);
        }

        return new Served(t, firstToken, total with { Seconds = t - start }, stalled);
    }

    /// <summary>
    /// Tokens that start before <paramref name="window"/> runs out: the smallest k with S(k) >= window, where
    /// S(k) = k a + b (k c + k (k - 1) / 2) is the time of k steps from context c; at least 1, at most <paramref name="left"/>.
    /// </summary>
    public static int TokensStartingBefore(double a, double b, int c, double window, int left)
    {
        double Sum(long k) => k * a + b * (k * (double)c + k * (k - 1) / 2.0);
        double guess;
        if (Math.Abs(b) < 1e-300)
            guess = window / a;
        else
        {
            // b/2 k^2 + (a + b c - b/2) k - window = 0
            var qa = b / 2;
            var qb = a + b * c - b / 2;
            guess = (-qb + Math.Sqrt(Math.Max(0, qb * qb + 4 * qa * window))) / (2 * qa);
        }

        var k = (long)Math.Clamp(Math.Ceiling(double.IsFinite(guess) ? guess : left), 1, left);
        while (k > 1 && Sum(k - 1) >= window)
            k--;
        while (k < left && Sum(k) < window)
            k++;
        return (int)k;
    }

    private (Route Route, StageCost At0, StageCost AtRef) Line(PlanLayout layout, long epoch) => _lines.Get(layout, epoch);

    private double Stall(ref double t, long epoch, double start)
    {
        var next = timeline.StartOf(epoch + 1);
        var waited = next - t;
        t = next;
        if (t - start > StallLimitSeconds)
            throw new InvalidOperationException($"a request stalled for over {StallLimitSeconds:G3} s: the link never comes back up ({timeline.Link.Description})");
        return waited;
    }
}
