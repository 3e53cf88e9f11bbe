using Splitwise.Contracts.Plans;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Policies;

/// <summary>
/// The best fixed cut over the whole trace, found in hindsight and analytically (not by re-running the simulation per
/// cut): for each feasible k, the representative request's service time is averaged over up to
/// <see cref="SampleEpochs"/> evenly spaced epochs of the horizon, its bytes carried from there at each epoch's rate; an epoch in an outage is charged the wait until the
/// link is back plus the cost then (an all-edge cut does not wait). The cut with the lowest mean is used throughout.
/// </summary>
public sealed class BestStaticCutPolicy : IPolicy
{
    public const int SampleEpochs = 2000;
    private readonly PartitionPlan _plan;

    public BestStaticCutPolicy(PolicyContext context, LinkTimeline timeline, double horizonSeconds)
    {
        var epochs = Math.Max(1, timeline.EpochOf(horizonSeconds) + 1);
        var step = Math.Max(1, epochs / SampleEpochs);
        var feasible = Enumerable.Range(0, context.Model.Shape.NLayer + 1).Where(k => context.Memory.Check(context.Cut(k)).Fits).ToArray();
        if (feasible.Length == 0)
            throw new InvalidOperationException("not even the cloud session fits the edge memory");
        MeanSeconds = feasible.ToDictionary(k => k, k =>
        {
            var layout = context.Cut(k);
            var total = 0.0;
            var samples = 0;
            for (long e = 0; e < epochs; e += step, samples++)
            {
                var waited = 0.0;
                var at = e;
                double seconds;
                // Its bytes flow at each coming epoch's rate (FluidTransfer), not at the sampled epoch's to the end.
                while (double.IsPositiveInfinity(seconds = FluidTransfer.Spill(context.Coster.Request(layout, timeline[at]), timeline.StartOf(at), timeline).Seconds)
                       && waited < 1e6)
                    (at, waited) = (at + 1, waited + timeline.EpochSeconds);
                total += waited + seconds;
            }

            return total / samples;
        });
        Cut = feasible.MinBy(k => MeanSeconds[k]);
        _plan = context.PlanOf(context.Cut(Cut));
    }

    public string Name => "best-static-cut";

    /// <summary>Edge layers of the chosen cut.</summary>
    public int Cut { get; }

    /// <summary>Mean representative service time per feasible cut, seconds.</summary>
    public IReadOnlyDictionary<int, double> MeanSeconds { get; }

    public PartitionPlan Decide(Observation observation) => _plan;
}
