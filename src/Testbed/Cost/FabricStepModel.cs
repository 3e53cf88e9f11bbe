using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Models;
using Splitwise.Planning.Execution;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// Time of one token's step through the fabric under a plan: the plan's <see cref="ExecutionSchedule"/> (the steps
/// <c>SessionForward</c> executes) costed by <see cref="ScheduleTimeline"/> with each tier's <see cref="CostModel"/>, the
/// link's one-way time per payload, <paramref name="callOverheadSeconds"/> per grain call (messaging, serialisation,
/// codec work) and <paramref name="crossingOverheadSeconds"/> more per payload that leaves one silo for the other (a
/// call between silos goes through their connection where a call within one does not). A stage's norm and sum are
/// costed as half of its layer's glue.
/// </summary>
public sealed class FabricStepModel(TransformerShape shape, CostModel edge, CostModel cloud, ILinkModel? link, double callOverheadSeconds, double crossingOverheadSeconds = 0)
{
    public TransformerShape Shape { get; } = shape;

    public CostModel EdgeCost { get; } = edge;

    public CostModel CloudCost { get; } = cloud;

    public ILinkModel? Link { get; } = link;

    public double CallOverheadSeconds { get; } = callOverheadSeconds >= 0 ? callOverheadSeconds
        : throw new CostModelException($"a call overhead cannot be negative: {callOverheadSeconds}");

    public double CrossingOverheadSeconds { get; } = crossingOverheadSeconds >= 0 ? crossingOverheadSeconds
        : throw new CostModelException($"a crossing overhead cannot be negative: {crossingOverheadSeconds}");

    private const int PerStepCalls = 2; // the client's Next on the session, the session's GetPlan

    /// <param name="position">tokens already in the KV caches.</param>
    /// <param name="tokens">new tokens in this step (1 for decode).</param>
    public FabricStepTime Step(PartitionPlan plan, int position, int tokens = 1)
    {
        if (position < 0 || tokens <= 0 || position + tokens > Shape.MaxSeqLen)
            throw new CostModelException($"a step of {tokens} tokens after {position} does not fit the context of {Shape.MaxSeqLen}");
        if (plan.Layers != Shape.NLayer)
            throw new CostModelException($"the plan has {plan.Layers} layers, the model {Shape.NLayer}");
        var schedule = ExecutionSchedule.Token(plan, ScheduleShapes.Of(Shape), Tier.Edge, position, tokens);
        var biased = Shape.Norm == NormKind.LayerNorm;
        var gated = Shape.Ffn == FfnKind.SwiGlu;
        var widths = Enumerable.Range(0, plan.Spec.FfnSlices).Select(s => plan.Spec.FfnSliceRange(s, Shape.DFf).Count).ToArray();
        var group = SubBlockWorkModel.AttentionGroup(Shape.DModel, plan.Spec.KvHeadsPerGroup * Shape.QueriesPerKvHead,
            plan.Spec.KvHeadsPerGroup, Shape.HeadDim, biased, position, tokens);
        var glue = SubBlockWorkModel.LayerGlue(Shape.DModel, biased, biased, tokens);
        CostModel Cost(Tier tier) => tier == Tier.Edge ? EdgeCost : CloudCost;

        double Compute(SubBlockCall call)
        {
            var cost = Cost(call.Tier);
            double Sum(int[] slices, Func<int, SubBlockWork> work) => slices.Sum(s => cost.Seconds(work(widths[s])));
            return call.Groups.Length * cost.Seconds(group)
                   + Sum(call.Whole, w => SubBlockWorkModel.FfnSlice(Shape.DModel, w, gated, biased, tokens))
                   + Sum(call.Local, w => SubBlockWorkModel.FfnUp(Shape.DModel, w, gated, biased, tokens))
                   + Sum(call.Local, w => SubBlockWorkModel.FfnDown(Shape.DModel, w, tokens))
                   + Sum(call.UpOnly, w => SubBlockWorkModel.FfnUp(Shape.DModel, w, gated, biased, tokens))
                   + Sum(call.DownOnly, w => SubBlockWorkModel.FfnDown(Shape.DModel, w, tokens));
        }

        var crossings = 0;
        (double, double, long) Cross(Tier from, Payload p)
        {
            var bytes = CodecBytes.Encoded(p.Codec, p.Rows, p.Cols);
            var seconds = Link?.OneWay(TimeSpan.Zero, bytes, from == Tier.Edge ? LinkDirection.Uplink : LinkDirection.Downlink).TotalSeconds ?? 0;
            crossings++;
            return (seconds + CrossingOverheadSeconds, seconds, bytes);
        }

        double Ends(ScheduleStep step) => step is EmbedStep
            ? Cost(step.Tier).Seconds(SubBlockWorkModel.Embedding(Shape.DModel, Shape.LearnedPositions, position, tokens))
            : Cost(step.Tier).Seconds(SubBlockWorkModel.LmHead(Shape.DModel, Shape.VocabSize, biased, 1));

        var timeline = new ScheduleTimeline(Compute, Cross, tier => Cost(tier).Seconds(glue) / 2, CallOverheadSeconds);
        var c = timeline.Steps(schedule.Steps, Ends);
        // The timeline counts a crossing's overhead as link time; the link's own is the rest.
        return new FabricStepTime(c.Seconds + PerStepCalls * CallOverheadSeconds, c.EdgeComputeSeconds, c.CloudComputeSeconds, c.LinkSeconds - crossings * CrossingOverheadSeconds,
            c.FarCalls, c.GrainCalls + PerStepCalls, crossings);
    }
}
