using Splitwise.Contracts;
using Splitwise.Planning.Policies;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Policies;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// The myopic drift-plus-penalty controller (<see cref="DriftPlusPenaltyPolicy"/>) as a teacher for behaviour cloning
/// (<see cref="PpoOptions.ImitationUpdates"/>): in a training world it chooses a layer cut from the cost model on the
/// past-only link estimate and the learner's own virtual queues, and that cut is written as the hierarchical action
/// that builds exactly the same plan (<see cref="ActionOfCut"/>). One teacher per world: its arrival-rate estimate is
/// its world's history. For the no-Lyapunov ablation the teacher is the penalty-only controller (<paramref name="queueTerm"/> false).
/// </summary>
public sealed class DriftPlusPenaltyTeacher(World world, double v, bool queueTerm = true)
{
    private readonly DriftPlusPenaltyPolicy _policy = new(world.Setup.Context, world.Lyapunov(v) with { QueueTerm = queueTerm });
    private readonly int _codec = ActionSpace.CodecIndex(world.Scenario.Codec);

    /// <summary>The teacher's action for this epoch: offload bucket and codec returned, the low level written to <paramref name="attention"/> and <paramref name="ffn"/>.</summary>
    public (int Offload, int Codec) Act(Observation observation, IReadOnlyList<double> budgetQueues, Span<byte> attention, Span<byte> ffn)
    {
        var layout = _policy.Choose(observation, budgetQueues);
        return (ActionOfCut(EdgeLayersOfCut(layout), layout.Layers, attention, ffn), _codec);
    }

    /// <summary>
    /// The action for the cut with layers [0, k) on the edge: the smallest edge part of at least k layers (an offload
    /// bucket), its first k layers wholly on the edge, the rest of it wholly in the cloud.
    /// </summary>
    /// <returns>the offload bucket.</returns>
    public static int ActionOfCut(int k, int layers, Span<byte> attention, Span<byte> ffn)
    {
        if (k < 0 || k > layers)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"a cut of {layers} layers keeps 0 to {layers} on the edge");
        var offload = ActionSpace.OffloadBuckets - 1;
        while (ActionSpace.EdgeLayers(offload, layers) < k)
            offload--;
        for (var l = 0; l < layers; l++)
            (attention[l], ffn[l]) = l < k ? ((byte)(ActionSpace.AttentionBuckets - 1), (byte)FfnMode.Edge) : ((byte)0, (byte)FfnMode.Cloud);
        return offload;
    }

    /// <summary>The k of a layer cut: its leading layers wholly on the edge, every later one wholly in the cloud.</summary>
    /// <exception cref="ArgumentException">the layout is not a layer cut.</exception>
    public static int EdgeLayersOfCut(PlanLayout layout)
    {
        var k = 0;
        while (k < layout.Layers && OnEdge(layout, k))
            k++;
        for (var l = k; l < layout.Layers; l++)
            if (layout.Stages[2 * l].WhollyOn != Tier.Cloud || layout.Stages[2 * l + 1].WhollyOn != Tier.Cloud)
                throw new ArgumentException($"layer {l} is neither part of the edge prefix nor wholly in the cloud: not a layer cut");
        return k;
    }

    private static bool OnEdge(PlanLayout layout, int layer) =>
        layout.Stages[2 * layer].WhollyOn == Tier.Edge && layout.Stages[2 * layer + 1].WhollyOn == Tier.Edge;
}
