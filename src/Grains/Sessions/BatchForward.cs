using System.Diagnostics;
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
/// One session in a <see cref="BatchForward"/>: its <see cref="Rows"/> positions from <see cref="Position"/>, their tokens
/// (null for a far run, which starts from the residual), its link tally and trace.
/// </summary>
public sealed record BatchMember(Guid Session, int Position, int Rows, IReadOnlyList<int>? Tokens, StageCall Link, RanLedger Ran)
{
    public static BatchMember Of(Guid session, int position, IReadOnlyList<int> tokens, StageCall link) => new(session, position, tokens.Count, tokens, link, new RanLedger());

    public StageMember Stage => new(Session, Position);
}

/// <summary>
/// One forward pass of several sessions under one plan, stepped together (continuous batching, issue 15): the same
/// <see cref="ExecutionSchedule"/> as <see cref="SessionForward"/>, with the sessions' rows stacked for the embedding,
/// norms, sums and LM head, one <see cref="ISubBlockGrain.Steps"/> call per sub-block of this tier
/// (<see cref="BatchStage"/>), and one far call per stage or far run carrying every session's payload. Each session's
/// payloads are encoded on their own, so what a sub-block receives is what the session's own pass would send. The
/// edge device is charged once for the batch's stacked work. Tensor work happens between awaits, never across one.
/// </summary>
public sealed class BatchForward(
    FabricModel model, Tier home, PartitionPlan plan, IGrainFactory grains, IReadOnlyList<BatchMember> members, DeviceEmulator? device = null)
{
    private readonly StageOwnerWeights _owner = model.Owner;
    private readonly ScheduleShape _shape = ScheduleShapes.Of(model.Shape);
    private readonly StageMember[] _stageMembers = members.Select(m => m.Stage).ToArray();
    private readonly RanLedger[] _ran = members.Select(m => m.Ran).ToArray();
    private readonly int[] _rows = members.Select(m => m.Rows).ToArray();

    /// <summary>Each session's logits of its last position [1, vocab], in member order.</summary>
    public async Task<Tensor[]> Run()
    {
        var shape = _owner.Shape;
        var first = members[0];
        var schedule = ExecutionSchedule.Token(plan, _shape, home, first.Position, first.Rows);
        Tensor? x = null;
        foreach (var step in schedule.Steps)
        {
            switch (step)
            {
                case EmbedStep:
                    x = await Home(SubBlockWorkModel.Embedding(shape.DModel, shape.LearnedPositions, first.Position, Rows), () => Sync(() =>
                        cat(members.Select(m => _owner.Embed(m.Tokens ?? throw new InvalidOperationException("a batch that embeds needs its sessions' tokens"), m.Position)).ToArray(), 0)));
                    break;
                case HeadStep:
                    using (x)
                        return await Home(SubBlockWorkModel.LmHead(shape.DModel, shape.VocabSize, Biased, members.Count), () => Logits(x!));
                default:
                    x = await Execute(step, x!);
                    break;
            }
        }

        throw new InvalidOperationException("a token's schedule ends with the LM head");
    }

    /// <summary>The stacked residual <paramref name="x"/> (consumed) through stages [first, last], homed on this tier.</summary>
    public async Task<Tensor> Stages(Tensor x, int first, int last)
    {
        foreach (var step in ExecutionSchedule.Stages(plan, _shape, home, members[0].Position, _rows[0], first, last).Steps)
            x = await Execute(step, x);
        return x;
    }

    private int Rows => _rows.Sum();

    // Consumes x.
    private async Task<Tensor> Execute(ScheduleStep step, Tensor x)
    {
        using (x)
        {
            return step switch
            {
                FarRunStep run => await Relay(run, x),
                StageStep { Attention: true } stage => await Attention(stage, x),
                StageStep stage => await Ffn(stage, x),
                _ => throw new InvalidOperationException($"{step} is not a stage step"),
            };
        }
    }

    private async Task<Tensor> Relay(FarRunStep run, Tensor x)
    {
        var up = Encode(ActivationCodecs.Get(run.Up.Codec), x);
        var grain = grains.GetGrain<IStageRunGrain>(FabricKeys.StageRun(model.Name, run.Tier));
        var outputs = await Far(up, () => grain.RunBatch(_stageMembers, run.Up.Codec, up, run.FirstStage, run.LastStage), o => o.Data.Length);
        Record(outputs);
        return Decode(ActivationCodecs.Get(run.Down.Codec), outputs.Select(o => o.Data).ToArray());
    }

    private async Task<Tensor> Attention(StageStep stage, Tensor x)
    {
        var layer = stage.Layer;
        var (h, sum) = await Home(Glue, () => Sync2(() => (_owner.NormForAttention(layer, x), _owner.StartAttentionSum(layer, x))));
        using (h)
        {
            var calls = stage.Fronts.Select(c =>
            {
                var input = Encode(ActivationCodecs.Get(c.In.Codec), h);
                return (c, task: c.Far
                    ? FarStage(layer, c, input, g => g.AttentionBatch(_stageMembers, c.In.Codec, input, c.Groups))
                    : new BatchStage(grains, model, layer).Attention(_stageMembers, c.In.Codec, input, c.Groups, _ran));
            }).ToArray();
            foreach (var (c, task) in calls)
                AddInto(sum, c.Partial!.Value, await task);
        }

        return sum;
    }

    private async Task<Tensor> Ffn(StageStep stage, Tensor x)
    {
        var layer = stage.Layer;
        var (h, sum) = await Home(Glue, () => Sync2(() => (_owner.NormForFfn(layer, x), _owner.StartFfnSum(layer, x))));
        using (h)
        {
            var fronts = stage.Fronts.Select(f =>
            {
                var input = Encode(ActivationCodecs.Get(f.In.Codec), h);
                var hiddenCodec = f.Hidden?.Codec ?? plan.Codec;
                return (f, task: f.Far
                    ? FarFront(layer, f, input, hiddenCodec)
                    : new BatchStage(grains, model, layer).FfnFront(f.In.Codec, hiddenCodec, input, f.Whole, f.Local, f.UpOnly, _ran));
            }).ToArray();

            var backs = new List<(SubBlockCall Call, Task<byte[][]> Task)>();
            for (var i = 0; i < fronts.Length; i++)
            {
                var results = await fronts[i].task;
                if (results[0].Partial is not null)
                    AddInto(sum, fronts[i].f.Partial!.Value, results.Select(r => r.Partial!).ToArray());
                foreach (var back in stage.Backs.Where(b => b.Front == i))
                {
                    var hidden = results.Select(r => r.Hidden ?? throw new InvalidOperationException($"front {i} of stage {stage.Stage} returned no intermediate")).ToArray();
                    backs.Add((back, back.Far
                        ? FarStage(layer, back, hidden, g => g.FfnBackBatch(back.In.Codec, hidden, back.DownOnly))
                        : new BatchStage(grains, model, layer).FfnBack(back.In.Codec, hidden, back.DownOnly, _ran)));
                }
            }

            foreach (var (back, task) in backs)
                AddInto(sum, back.Partial!.Value, await task);
        }

        return sum;
    }

    private async Task<byte[][]> FarStage(int layer, SubBlockCall call, byte[][] input, Func<ILayerStageGrain, Task<StageOutput[]>> send)
    {
        var outputs = await Far(input, () => send(StageGrain(layer, call)), o => o.Data.Length);
        Record(outputs);
        return outputs.Select(o => o.Data).ToArray();
    }

    private async Task<FfnFrontResult[]> FarFront(int layer, SubBlockCall call, byte[][] input, string hiddenCodec)
    {
        var outputs = await Far(input,
            () => StageGrain(layer, call).FfnFrontBatch(call.In.Codec, hiddenCodec, input, call.Whole, call.Local, call.UpOnly),
            r => (r.Partial?.Length ?? 0) + (r.Hidden?.Length ?? 0));
        for (var i = 0; i < outputs.Length; i++)
            _ran[i].AddAll(outputs[i].Ran);
        return outputs;
    }

    // One message across the link for the whole batch; each session is charged its own payloads and the call's time.
    private async Task<T[]> Far<T>(byte[][] input, Func<Task<T[]>> call, Func<T, long> bytesBack)
    {
        var clock = Stopwatch.StartNew();
        var outputs = await call();
        if (outputs.Length != members.Count)
            throw new InvalidOperationException($"a far call for {members.Count} sessions returned {outputs.Length} outputs");
        var ms = clock.Elapsed.TotalMilliseconds;
        for (var i = 0; i < members.Count; i++)
            members[i].Link.Add(input[i].Length, bytesBack(outputs[i]), ms);
        return outputs;
    }

    private void Record(StageOutput[] outputs)
    {
        for (var i = 0; i < outputs.Length; i++)
            _ran[i].AddAll(outputs[i].Ran);
    }

    private ILayerStageGrain StageGrain(int layer, SubBlockCall call) => grains.GetGrain<ILayerStageGrain>(FabricKeys.Stage(model.Name, layer, call.Tier));

    private Tensor[] Logits(Tensor x)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var last = new long[members.Count];
        for (int i = 0, row = 0; i < members.Count; row += _rows[i], i++)
            last[i] = row + _rows[i] - 1;
        using var index = tensor(last);
        var logits = _owner.Logits(x.index_select(0, index));
        return Enumerable.Range(0, members.Count).Select(i => logits.narrow(0, i, 1).clone().MoveToOuterDisposeScope()).ToArray();
    }

    private bool Biased => _owner.Shape.Norm == NormKind.LayerNorm;

    private SubBlockWork Glue => SubBlockWorkModel.LayerGlue(_owner.Shape.DModel, Biased, Biased, Rows);

    private Task<T> Home<T>(SubBlockWork work, Func<T> compute) =>
        device is null ? Task.FromResult(compute()) : device.Run(home, compute, () => work);

    // Each session's rows encoded on their own, as its own pass would encode them (fp32: the same bytes, in one copy).
    private byte[][] Encode(IActivationCodec codec, Tensor x)
    {
        if (ReferenceEquals(codec, ActivationCodecs.Fp32))
            return Fp32Rows.Split(x, _rows);
        using var scope = NewDisposeScope();
        var parts = new byte[members.Count][];
        for (int i = 0, row = 0; i < members.Count; row += _rows[i], i++)
            parts[i] = codec.Encode(x.narrow(0, row, _rows[i]).contiguous());
        return parts;
    }

    private Tensor Decode(IActivationCodec codec, byte[][] parts) =>
        ReferenceEquals(codec, ActivationCodecs.Fp32)
            ? Fp32Rows.Stack(parts, new int[parts.Length])
            : Sync(() => cat(parts.Select(p => codec.DecodeToTensor(p)).ToArray(), 0));

    private void AddInto(Tensor sum, Payload payload, byte[][] partials)
    {
        using var _ = no_grad();
        using var partial = Decode(ActivationCodecs.Get(payload.Codec), partials);
        sum.add_(partial, Scalars.One);
    }
}
