using Splitwise.Planning.Lyapunov;
using Splitwise.Testbed.Environment;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// The learner's reward and its virtual queues: minus the drift-plus-penalty of the epoch that ran,
/// V x penalty + sum_i Z_i x usage_i (<see cref="DriftPlusPenalty"/>), the penalty being the requests in the edge
/// system at the epoch's end (waiting or in service: summed over epochs this is the total latency in epochs, Little's
/// law), Z_i the budgets' virtual queues (<see cref="VirtualQueue.Next"/>, budget shares) before the epoch, usage_i its
/// measured share of each budget. Without the queue term (the no-Lyapunov ablation) only V x penalty. Optionally divided
/// by its weights (<see cref="PpoOptions.NormaliseReward"/>); scaled and clipped.
/// </summary>
public sealed class LyapunovReward(PpoOptions options, bool queueTerm)
{
    private readonly double[] _usage = new double[3];

    public double[] Queues { get; } = new double[3];

    public void Reset(Random random)
    {
        for (var i = 0; i < Queues.Length; i++)
            Queues[i] = random.NextDouble() * options.InitialQueueMax;
    }

    /// <summary>The reward of one epoch; then the queues take its usage.</summary>
    public double Step(EpochOutcome outcome, int inSystem)
    {
        var b = outcome.Budgets;
        (_usage[0], _usage[1], _usage[2]) = (Finite(b.EdgePower), Finite(b.CloudSpend), Finite(b.CodecLoss));
        var dpp = DriftPlusPenalty.Value(options.V, inSystem, Queues, _usage, queueTerm);
        var weights = options.V + (queueTerm ? Queues.Sum() : 0);
        if (options.NormaliseReward && weights > 0)
            dpp /= weights;
        for (var i = 0; i < Queues.Length; i++)
            Queues[i] = VirtualQueue.Next(Queues[i], _usage[i], 1);
        return -Math.Min(dpp / options.RewardScale, options.RewardClip);
    }

    private static double Finite(double usage) => double.IsFinite(usage) && usage > 0 ? usage : 0;
}
