using Splitwise.Contracts;
using Splitwise.Contracts.Plans;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// Time of one token's step through the fabric under a plan, following the path the grains take
/// (<c>GenerationSession</c> -> <c>SessionForward</c> -> <c>LayerStageGrain</c> / <c>StageRunGrain</c> -> <c>SubBlockGrain</c>):
/// the embedding and the LM head on the edge; a run of stages wholly in the cloud runs there, residual, norms and sums
/// included, behind one call that crosses the link once each way with the residual in the plan's codec; any other
/// stage does its norm and sum on the edge, calls its edge sub-blocks directly and the cloud's through one stage call
/// that crosses the link once each way; the edge and cloud halves of a stage are in flight together (the stage waits
/// for the slower); a split FFN's W2 halves after their W1 halves. Each tier computes its sub-blocks one after another
/// (the emulated device is one compute resource; its throughput figure already counts all its cores). Every grain call
/// pays <paramref name="callOverheadSeconds"/> (messaging, serialisation, codec work). A stage's norm and sum are
/// costed as half of its layer's glue.
/// </summary>
public sealed class FabricStepModel(TransformerShape shape, CostModel edge, CostModel cloud, ILinkModel? link, double callOverheadSeconds)
{
    public TransformerShape Shape { get; } = shape;

    public CostModel EdgeCost { get; } = edge;

    public CostModel CloudCost { get; } = cloud;

    public ILinkModel? Link { get; } = link;

    public double CallOverheadSeconds { get; } = callOverheadSeconds >= 0 ? callOverheadSeconds
        : throw new CostModelException($"a call overhead cannot be negative: {callOverheadSeconds}");

    private const int PerStepCalls = 2; // the client's Next on the session, the session's GetPlan

    /// <param name="position">tokens already in the KV caches.</param>
    /// <param name="tokens">new tokens in this step (1 for decode).</param>
    public FabricStepTime Step(PartitionPlan plan, int position, int tokens = 1)
    {
        if (position < 0 || tokens <= 0 || position + tokens > Shape.MaxSeqLen)
            throw new CostModelException($"a step of {tokens} tokens after {position} does not fit the context of {Shape.MaxSeqLen}");
        if (plan.Layers != Shape.NLayer)
            throw new CostModelException($"the plan has {plan.Layers} layers, the model {Shape.NLayer}");
        var biased = Shape.Norm == NormKind.LayerNorm;
        var step = new Tally(this, plan.Codec, tokens);
        step.Edge(SubBlockWorkModel.Embedding(Shape.DModel, Shape.LearnedPositions, position, tokens));
        var glue = SubBlockWorkModel.LayerGlue(Shape.DModel, biased, biased, tokens);
        for (var stage = 0; stage < 2 * Shape.NLayer; stage++)
        {
            var layer = stage / 2;
            step.MoveResidual(plan.StageTier(stage) == Tier.Cloud ? Tier.Cloud : Tier.Edge);
            step.HalfGlue(glue);
            if (stage % 2 == 0)
            {
                var groups = plan.Spec.SubBlocks(layer, Shape.NKvHead).Where(id => id.Kind == SubBlockKind.AttentionHeads);
                var group = SubBlockWorkModel.AttentionGroup(Shape.DModel, plan.Spec.KvHeadsPerGroup * Shape.QueriesPerKvHead,
                    plan.Spec.KvHeadsPerGroup, Shape.HeadDim, biased, position, tokens);
                step.Stage(groups.Select(id => (plan.TierOf(id), group)).ToArray());
            }
            else
            {
                Ffn(step, plan, layer, biased, tokens);
            }
        }

        step.MoveResidual(Tier.Edge);
        step.Edge(SubBlockWorkModel.LmHead(Shape.DModel, Shape.VocabSize, biased, 1));
        return step.Result();
    }

    private void Ffn(Tally step, PartitionPlan plan, int layer, bool biased, int tokens)
    {
        var gated = Shape.Ffn == FfnKind.SwiGlu;
        var slices = Enumerable.Range(0, plan.Spec.FfnSlices).Select(s => plan.Spec.FfnSliceRange(s, Shape.DFf).Count).ToArray();
        if (!plan.Spec.SplitFfn)
        {
            step.Stage(slices.Select((width, s) => (plan.TierOf(new SubBlockId(layer, SubBlockKind.Ffn, s)),
                SubBlockWorkModel.FfnSlice(Shape.DModel, width, gated, biased, tokens))).ToArray());
            return;
        }

        var parts = slices.Select((width, s) => (Width: width,
            Up: plan.TierOf(new SubBlockId(layer, SubBlockKind.FfnUp, s)), Down: plan.TierOf(new SubBlockId(layer, SubBlockKind.FfnDown, s)),
            UpWork: SubBlockWorkModel.FfnUp(Shape.DModel, width, gated, biased, tokens), DownWork: SubBlockWorkModel.FfnDown(Shape.DModel, width, tokens))).ToArray();
        step.SplitStage(parts.Select(p => (p.Up, p.Down, p.Width, p.UpWork, p.DownWork)).ToArray());
    }

    /// <summary>Accumulates one step: critical path, per-resource totals and call counts.</summary>
    private sealed class Tally(FabricStepModel model, string codec, int tokens)
    {
        private Tier _residual = Tier.Edge;
        private double _path;
        private double _edge;
        private double _cloud;
        private double _link;
        private int _far;
        private int _calls = PerStepCalls;

        public void Edge(SubBlockWork work)
        {
            var seconds = model.EdgeCost.Seconds(work);
            _edge += seconds;
            _path += seconds;
        }

        /// <summary>The residual goes to <paramref name="tier"/>: up is one call (a run in the cloud), down is its response.</summary>
        public void MoveResidual(Tier tier)
        {
            if (tier == _residual)
                return;
            _residual = tier;
            if (tier == Tier.Cloud)
            {
                _far++;
                _calls++;
                _path += model.CallOverheadSeconds;
            }

            if (model.Link is not { } link)
                return;
            var wire = link.OneWay(TimeSpan.Zero, CodecBytes.Encoded(codec, tokens, model.Shape.DModel),
                tier == Tier.Cloud ? LinkDirection.Uplink : LinkDirection.Downlink).TotalSeconds;
            _link += wire;
            _path += wire;
        }

        /// <summary>A stage's norm and sum, where the residual is.</summary>
        public void HalfGlue(SubBlockWork glue)
        {
            var seconds = (_residual == Tier.Edge ? model.EdgeCost : model.CloudCost).Seconds(glue) / 2;
            if (_residual == Tier.Edge)
                _edge += seconds;
            else
                _cloud += seconds;
            _path += seconds;
        }

        /// <summary>One stage: its sub-blocks per tier (called directly where the residual is, else through one stage call), both in flight together.</summary>
        public void Stage(IReadOnlyList<(Tier Tier, SubBlockWork Work)> blocks) =>
            _path += Tiers(blocks).Max(t => Call(t.Tier, t.Works, model.Shape.DModel, model.Shape.DModel));

        /// <summary>Split FFN: each tier's front (whole local slices and W1 halves), then each tier's W2 halves of the other's W1.</summary>
        public void SplitStage(IReadOnlyList<(Tier Up, Tier Down, int Width, SubBlockWork UpWork, SubBlockWork DownWork)> parts)
        {
            var d = model.Shape.DModel;
            var fronts = Tiers(parts.SelectMany(p => p.Up == p.Down ? new[] { (p.Up, p.UpWork), (p.Up, p.DownWork) } : [(p.Up, p.UpWork)]).ToArray());
            _path += fronts.Max(t => Call(t.Tier, t.Works, d, d + parts.Where(p => p.Up == t.Tier && p.Down != t.Tier).Sum(p => p.Width)));
            var backs = Tiers(parts.Where(p => p.Up != p.Down).Select(p => (p.Down, p.DownWork)).ToArray());
            if (backs.Count > 0)
                _path += backs.Max(t => Call(t.Tier, t.Works, parts.Where(p => p.Down == t.Tier && p.Up != t.Tier).Sum(p => p.Width), d));
        }

        public FabricStepTime Result() =>
            new(_path + PerStepCalls * model.CallOverheadSeconds, _edge, _cloud, _link, _far, _calls);

        private static List<(Tier Tier, SubBlockWork[] Works)> Tiers(IReadOnlyList<(Tier Tier, SubBlockWork Work)> blocks) =>
            new[] { Tier.Edge, Tier.Cloud }.Select(t => (Tier: t, Works: blocks.Where(b => b.Tier == t).Select(b => b.Work).ToArray()))
                .Where(t => t.Works.Length > 0).ToList();

        /// <summary>
        /// Time of one tier's part of a stage: sub-blocks in turn; from the other tier, one more call (the stage grain)
        /// and the link both ways.
        /// </summary>
        private double Call(Tier tier, SubBlockWork[] works, int colsIn, int colsOut)
        {
            var cost = tier == Tier.Edge ? model.EdgeCost : model.CloudCost;
            var compute = works.Sum(cost.Seconds);
            if (tier == Tier.Edge)
                _edge += compute;
            else
                _cloud += compute;
            var here = tier == _residual;
            var calls = works.Length + (here ? 0 : 1);
            _calls += calls;
            var overhead = calls * model.CallOverheadSeconds;
            if (here)
                return compute + overhead;
            _far++;
            if (model.Link is not { } link)
                return compute + overhead;
            var wire = link.OneWay(TimeSpan.Zero, CodecBytes.Encoded(codec, tokens, colsIn), LinkDirection.Uplink).TotalSeconds
                       + link.OneWay(TimeSpan.Zero, CodecBytes.Encoded(codec, tokens, colsOut), LinkDirection.Downlink).TotalSeconds;
            _link += wire;
            return compute + overhead + wire;
        }
    }
}
