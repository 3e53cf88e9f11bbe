using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Models;
using Splitwise.Grains.Stages;
using Splitwise.Inference.Codecs;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;
using static TorchSharp.torch;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// One forward pass of a session through the layer stages under one plan: embeddings and the LM head here;
/// a stage split between the tiers runs its norm and sum here, its own tier's sub-blocks in place
/// (<see cref="LayerStage"/>) and the far tier's through one call to that tier's stage grain; a run of stages
/// wholly on the far tier runs there, residual and all (<see cref="IStageRunGrain"/>). Activations to the home
/// tier travel fp32, to the far tier in the plan's codec. Tensor work happens between awaits, never across one (TorchSharp
/// dispose scopes are per thread).
/// </summary>
/// <param name="device">emulates the edge device's speed for the work done here (null: none).</param>
public sealed class SessionForward(FabricModel model, Guid session, Tier home, PartitionPlan plan, IGrainFactory grains, StageCall link, DeviceEmulator? device = null)
{
    private readonly StageOwnerWeights _owner = model.Owner;
    private static readonly Tier[] Tiers = [Tier.Edge, Tier.Cloud];
    private readonly int _kvHeads = model.Shape.NKvHead;

    /// <summary>tokens at positions [start, start + n) -> logits of the last position [1, vocab].</summary>
    public async Task<Tensor> Run(IReadOnlyList<int> tokens, int start)
    {
        var shape = _owner.Shape;
        var embedded = await Home(() => SubBlockWorkModel.Embedding(shape.DModel, shape.LearnedPositions, start, tokens.Count), () => Sync(() => _owner.Embed(tokens, start)));
        using var x = await Stages(embedded, 0, 2 * shape.NLayer - 1, start);
        return await Home(() => SubBlockWorkModel.LmHead(shape.DModel, shape.VocabSize, Biased, 1), () => Sync(() => _owner.Logits(x.narrow(0, x.shape[0] - 1, 1))));
    }

    /// <summary>
    /// Residual <paramref name="x"/> (consumed) through stages [first, last], two per layer (2l attention, 2l + 1 FFN).
    /// A run of stages wholly on the far tier goes there with the residual (<see cref="IStageRunGrain"/>): one
    /// crossing each way for the whole run instead of one per stage.
    /// </summary>
    public async Task<Tensor> Stages(Tensor x, int first, int last, int position)
    {
        for (var stage = first; stage <= last;)
        {
            Tensor next;
            if (plan.StageTier(stage) is { } far && far != home)
            {
                var end = stage;
                while (end < last && plan.StageTier(end + 1) == far)
                    end++;
                next = await Relay(far, x, stage, end, position);
                stage = end + 1;
            }
            else
            {
                next = stage % 2 == 0 ? await Attention(stage / 2, position, x) : await Ffn(stage / 2, x);
                stage++;
            }

            x.Dispose();
            x = next;
        }

        return x;
    }

    private async Task<Tensor> Relay(Tier far, Tensor x, int first, int last, int position)
    {
        var codec = ActivationCodecs.Get(plan.Codec);
        var input = Encode(codec, x);
        var output = await link.Run(far, input.Length,
            () => grains.GetGrain<IStageRunGrain>(FabricKeys.StageRun(model.Name, far)).Run(session, position, codec.Name, input, first, last), r => r.Length);
        using var _ = no_grad();
        return codec.DecodeToTensor(output);
    }

    private async Task<Tensor> Attention(int layer, int position, Tensor x)
    {
        var (h, sum) = await Home(() => Glue(x), () => Sync2(() => (_owner.NormForAttention(layer, x), _owner.StartAttentionSum(layer, x))));
        using (h)
        {
            var calls = Tiers.Select(tier => (Tier: tier, Groups: plan.Spec.SubBlocks(layer, _kvHeads)
                    .Where(id => id.Kind == SubBlockKind.AttentionHeads && plan.TierOf(id) == tier).Select(id => id.Index).ToArray()))
                .Where(c => c.Groups.Length > 0)
                .Select(c =>
                {
                    var codec = CodecFor(c.Tier);
                    var input = Encode(codec, h);
                    return (codec, task: link.Run(c.Tier, input.Length,
                        () => Stage(layer, c.Tier).Attention(session, position, codec.Name, input, c.Groups), r => r.Length));
                }).ToArray();
            foreach (var (codec, task) in calls)
                AddInto(sum, codec, await task);
        }

        return sum;
    }

    private async Task<Tensor> Ffn(int layer, Tensor x)
    {
        var (h, sum) = await Home(() => Glue(x), () => Sync2(() => (_owner.NormForFfn(layer, x), _owner.StartFfnSum(layer, x))));
        using (h)
        {
            var slices = Enumerable.Range(0, plan.Spec.FfnSlices).ToArray();
            SubBlockId Id(SubBlockKind kind, int s) => new(layer, kind, s);
            Tier T(SubBlockKind kind, int s) => plan.TierOf(Id(kind, s));
            var split = plan.Spec.SplitFfn;
            var fronts = Tiers.Select(tier => (Tier: tier,
                    Whole: split ? [] : slices.Where(s => T(SubBlockKind.Ffn, s) == tier).ToArray(),
                    Local: split ? slices.Where(s => T(SubBlockKind.FfnUp, s) == tier && T(SubBlockKind.FfnDown, s) == tier).ToArray() : [],
                    UpOnly: split ? slices.Where(s => T(SubBlockKind.FfnUp, s) == tier && T(SubBlockKind.FfnDown, s) != tier).ToArray() : []))
                .Where(f => f.Whole.Length + f.Local.Length + f.UpOnly.Length > 0)
                .Select(f =>
                {
                    var codec = CodecFor(f.Tier);
                    var other = f.Tier == Tier.Edge ? Tier.Cloud : Tier.Edge;

                    // The intermediate goes on to the other tier: encode it for the link if either end is far.
                    var hiddenCodec = f.Tier == home && other == home ? ActivationCodecs.Fp32 : ActivationCodecs.Get(plan.Codec);
                    var input = Encode(codec, h);
                    return (f.Tier, f.UpOnly, codec, hiddenCodec, task: link.Run(f.Tier, input.Length,
                        () => Stage(layer, f.Tier).FfnFront(codec.Name, hiddenCodec.Name, input, f.Whole, f.Local, f.UpOnly),
                        r => (r.Partial?.Length ?? 0) + (r.Hidden?.Length ?? 0)));
                }).ToArray();

            var backs = new List<(IActivationCodec Codec, Task<byte[]> Task)>();
            foreach (var front in fronts)
            {
                var result = await front.task;
                if (result.Partial is { } partial)
                    AddInto(sum, front.codec, partial);
                if (result.Hidden is { } hidden)
                {
                    var downTier = front.Tier == Tier.Edge ? Tier.Cloud : Tier.Edge;
                    var back = front.hiddenCodec;
                    backs.Add((CodecFor(downTier), link.Run(downTier, hidden.Length,
                        () => Stage(layer, downTier).FfnBack(back.Name, hidden, front.UpOnly), r => r.Length)));
                }
            }

            foreach (var (codec, task) in backs)
                AddInto(sum, codec, await task);
        }

        return sum;
    }

    private bool Biased => _owner.Shape.Norm == NormKind.LayerNorm;

    // Each half of a layer's glue is timed on its own; the ratio of the whole glue applies to either half.
    private SubBlockWork Glue(Tensor x) => SubBlockWorkModel.LayerGlue(_owner.Shape.DModel, Biased, Biased, (int)x.shape[0]);

    private Task<T> Home<T>(Func<SubBlockWork> work, Func<T> compute) =>
        device is null ? Task.FromResult(compute()) : device.Run(home, compute, work);

    private IActivationCodec CodecFor(Tier tier) => tier == home ? ActivationCodecs.Fp32 : ActivationCodecs.Get(plan.Codec);

    // The home tier's stage runs here: a stage grain on this silo would only add a hop to every call.
    private ILayerStage Stage(int layer, Tier tier) =>
        tier == home
            ? new LayerStage(new StageFanOut(grains, model.Name, layer), model)
            : new RemoteLayerStage(grains.GetGrain<ILayerStageGrain>(FabricKeys.Stage(model.Name, layer, tier)));

    private static byte[] Encode(IActivationCodec codec, Tensor t) => codec.Encode(t.contiguous());

    private static void AddInto(Tensor sum, IActivationCodec codec, byte[] partial)
    {
        using var p = codec.DecodeToTensor(partial);
        sum.add_(p);
    }

    private static Tensor Sync(Func<Tensor> f)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return f().MoveToOuterDisposeScope();
    }

    private static (Tensor, Tensor) Sync2(Func<(Tensor, Tensor)> f)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (a, b) = f();
        return (a.MoveToOuterDisposeScope(), b.MoveToOuterDisposeScope());
    }
}
