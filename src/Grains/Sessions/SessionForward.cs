using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Models;
using Splitwise.Grains.Stages;
using Splitwise.Inference.Codecs;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using Splitwise.Planning.Execution;
using Splitwise.Testbed.Cost;
using static Splitwise.Grains.Sessions.TensorWork;
using static TorchSharp.torch;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// One forward pass of a session under one plan: executes the plan's <see cref="ExecutionSchedule"/> step by step.
/// Embeddings and the LM head here; a stage step runs its norm and sum here, this tier's sub-blocks in place
/// (<see cref="LayerStage"/>) and the far tier's through one call to that tier's stage grain; a far run goes to that
/// tier with the residual (<see cref="IStageRunGrain"/>), which executes the run's inner steps there. Payloads are
/// encoded as the schedule says. Tensor work happens between awaits, never across one (TorchSharp dispose scopes are
/// per thread).
/// </summary>
/// <param name="device">emulates the edge device's speed for the work done here (null: none).</param>
/// <param name="local">serves this tier's sub-blocks in place of their grains (the safe plan's <see cref="EdgeFallback"/>).</param>
/// <param name="calls">gathers this silo's concurrent sessions' calls per sub-block (<see cref="SubBlockCalls"/>); null: each call alone.</param>
public sealed class SessionForward(
    FabricModel model, Guid session, Tier home, PartitionPlan plan, IGrainFactory grains, StageCall link, DeviceEmulator? device = null,
    Func<SubBlockId, ISubBlockGrain>? local = null, SubBlockCalls? calls = null)
{
    private readonly StageOwnerWeights _owner = model.Owner;
    private readonly ScheduleShape _shape = ScheduleShapes.Of(model.Shape);

    /// <summary>Where each sub-block ran, as the sub-blocks reported it.</summary>
    public RanLedger Ran { get; } = new();

    /// <summary>tokens at positions [start, start + n) -> logits of the last position [1, vocab].</summary>
    public async Task<Tensor> Run(IReadOnlyList<int> tokens, int start)
    {
        var shape = _owner.Shape;
        var schedule = ExecutionSchedule.Token(plan, _shape, home, start, tokens.Count);
        Tensor? x = null;
        foreach (var step in schedule.Steps)
        {
            switch (step)
            {
                case EmbedStep:
                    x = await Home(() => SubBlockWorkModel.Embedding(shape.DModel, shape.LearnedPositions, start, tokens.Count), () => Sync(() => _owner.Embed(tokens, start)));
                    break;
                case HeadStep:
                    using (x)
                        return await Home(() => SubBlockWorkModel.LmHead(shape.DModel, shape.VocabSize, Biased, 1), () => Sync(() => _owner.Logits(x!.narrow(0, x.shape[0] - 1, 1))));
                default:
                    x = await Execute(step, x!, start);
                    break;
            }
        }

        throw new InvalidOperationException("a token's schedule ends with the LM head");
    }

    /// <summary>Residual <paramref name="x"/> (consumed) through stages [first, last] (<see cref="StageNumbering"/>), homed on this tier.</summary>
    public async Task<Tensor> Stages(Tensor x, int first, int last, int position)
    {
        foreach (var step in ExecutionSchedule.Stages(plan, _shape, home, position, (int)x.shape[0], first, last).Steps)
            x = await Execute(step, x, position);
        return x;
    }

    // Consumes x.
    private async Task<Tensor> Execute(ScheduleStep step, Tensor x, int position)
    {
        using (x)
        {
            return step switch
            {
                FarRunStep run => await Relay(run, x, position),
                StageStep { Attention: true } stage => await Attention(stage, position, x),
                StageStep stage => await Ffn(stage, x),
                _ => throw new InvalidOperationException($"{step} is not a stage step"),
            };
        }
    }

    private async Task<Tensor> Relay(FarRunStep run, Tensor x, int position)
    {
        var codec = ActivationCodecs.Get(run.Up.Codec);
        var input = Encode(codec, x);
        var output = await link.Run(run.Tier, input.Length,
            () => grains.GetGrain<IStageRunGrain>(FabricKeys.StageRun(model.Name, run.Tier)).Run(session, position, codec.Name, input, run.FirstStage, run.LastStage), r => r.Data.Length);
        Ran.AddAll(output.Ran);
        using var _ = no_grad();
        return ActivationCodecs.Get(run.Down.Codec).DecodeToTensor(output.Data);
    }

    private async Task<Tensor> Attention(StageStep stage, int position, Tensor x)
    {
        var layer = stage.Layer;
        var (h, sum) = await Home(() => Glue(x), () => Sync2(() => (_owner.NormForAttention(layer, x), _owner.StartAttentionSum(layer, x))));
        using (h)
        {
            var calls = stage.Fronts.Select(c =>
            {
                var codec = ActivationCodecs.Get(c.In.Codec);
                var input = Encode(codec, h);
                return (c, task: link.Run(c.Tier, input.Length,
                    () => Stage(layer, c).Attention(session, position, codec.Name, input, c.Groups, Ran), r => r.Length));
            }).ToArray();
            foreach (var (c, task) in calls)
                AddInto(sum, c.Partial!.Value, await task);
        }

        return sum;
    }

    private async Task<Tensor> Ffn(StageStep stage, Tensor x)
    {
        var layer = stage.Layer;
        var (h, sum) = await Home(() => Glue(x), () => Sync2(() => (_owner.NormForFfn(layer, x), _owner.StartFfnSum(layer, x))));
        using (h)
        {
            var fronts = stage.Fronts.Select(f =>
            {
                var codec = ActivationCodecs.Get(f.In.Codec);
                var hiddenCodec = ActivationCodecs.Get(f.Hidden?.Codec ?? plan.Codec);
                var input = Encode(codec, h);
                return (f, task: link.Run(f.Tier, input.Length,
                    () => Stage(layer, f).FfnFront(codec.Name, hiddenCodec.Name, input, f.Whole, f.Local, f.UpOnly, Ran),
                    r => (r.Partial?.Length ?? 0) + (r.Hidden?.Length ?? 0)));
            }).ToArray();

            var backs = new List<(SubBlockCall Call, Task<byte[]> Task)>();
            for (var i = 0; i < fronts.Length; i++)
            {
                var result = await fronts[i].task;
                if (result.Partial is { } partial)
                    AddInto(sum, fronts[i].f.Partial!.Value, partial);
                foreach (var back in stage.Backs.Where(b => b.Front == i))
                {
                    var hidden = result.Hidden ?? throw new InvalidOperationException($"front {i} of stage {stage.Stage} returned no intermediate");
                    backs.Add((back, link.Run(back.Tier, hidden.Length,
                        () => Stage(layer, back).FfnBack(ActivationCodecs.Get(back.In.Codec).Name, hidden, back.DownOnly, Ran), r => r.Length)));
                }
            }

            foreach (var (back, task) in backs)
                AddInto(sum, back.Partial!.Value, await task);
        }

        return sum;
    }

    private bool Biased => _owner.Shape.Norm == NormKind.LayerNorm;

    // Each half of a layer's glue is timed on its own; the ratio of the whole glue applies to either half.
    private SubBlockWork Glue(Tensor x) => SubBlockWorkModel.LayerGlue(_owner.Shape.DModel, Biased, Biased, (int)x.shape[0]);

    private Task<T> Home<T>(Func<SubBlockWork> work, Func<T> compute) =>
        device is null ? Task.FromResult(compute()) : device.Run(home, compute, work);

    // The home tier's stage runs here: a stage grain on this silo would only add a hop to every call.
    private ILayerStage Stage(int layer, SubBlockCall call) =>
        call.Far
            ? new RemoteLayerStage(grains.GetGrain<ILayerStageGrain>(FabricKeys.Stage(model.Name, layer, call.Tier)))
            : new LayerStage(new StageFanOut(grains, model.Name, layer, local, calls, link.Backoff), model);

    private static byte[] Encode(IActivationCodec codec, Tensor t) => codec.Encode(t.contiguous());

    private static void AddInto(Tensor sum, Payload payload, byte[] partial)
    {
        using var p = ActivationCodecs.Get(payload.Codec).DecodeToTensor(partial);
        sum.add_(p, Scalars.One);
    }
}
