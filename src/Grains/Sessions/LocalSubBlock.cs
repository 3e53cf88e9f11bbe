using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Models;
using Splitwise.Grains.SubBlocks;
using Splitwise.Inference.Codecs;
using Splitwise.Inference.Decomposition;
using Splitwise.Inference.Models;
using Splitwise.Testbed.Cost;
using static TorchSharp.torch;

namespace Splitwise.Grains.Sessions;

/// <summary>
/// One sub-block computed in the session's own activation, for that session only: the same kernels and fp32
/// payloads as <see cref="SubBlocks.SubBlockGrain"/>, on the edge's (possibly emulated) device, its KV cache owned
/// here. The safe plan (<see cref="EdgeFallback"/>) runs every sub-block this way while the link is away.
/// </summary>
public sealed class LocalSubBlock(FabricModel model, SubBlockId id, DeviceEmulator device) : ISubBlockGrain, IDisposable
{
    private readonly AttentionHeadGroup? _attention = id.Kind == SubBlockKind.AttentionHeads ? model.HeadGroup(id) : null;
    private readonly FfnUpPart? _up = id.Kind is SubBlockKind.Ffn or SubBlockKind.FfnUp ? model.FfnUp(id) : null;
    private readonly FfnDownPart? _down = id.Kind is SubBlockKind.Ffn or SubBlockKind.FfnDown ? model.FfnDown(id) : null;
    private KvCache? _cache;

    public Task<SubBlockOutput> Attend(Guid session, int position, byte[] normed)
    {
        var attention = _attention ?? throw new InvalidOperationException($"{id} is not attention");
        _cache ??= attention.NewCache(model.Shape.MaxSeqLen);
        if (_cache.Length > position)
            _cache.Truncate(position);
        if (_cache.Length != position)
            throw new SessionStateLostException($"{id} on the safe plan holds {_cache.Length} positions, the step is at {position}");
        var cache = _cache;
        var shape = model.Shape;
        return Run(normed, x => attention.Forward(x, cache), input => SubBlockWorkModel.AttentionGroup(
            shape.DModel, attention.QueryHeads, attention.KvHeads, attention.HeadDim, Biased, position, (int)input[0]));
    }

    public Task<SubBlockOutput> Ffn(byte[] normed) =>
        Run(normed, x => _down!.Forward(_up!.Forward(x)),
            input => SubBlockWorkModel.FfnSlice(model.Shape.DModel, _up!.Width, model.Shape.Ffn == FfnKind.SwiGlu, Biased, (int)input[0]));

    public Task<SubBlockOutput> FfnUp(byte[] normed) =>
        Run(normed, _up!.Forward, input => SubBlockWorkModel.FfnUp(model.Shape.DModel, _up!.Width, model.Shape.Ffn == FfnKind.SwiGlu, Biased, (int)input[0]));

    public Task<SubBlockOutput> FfnDown(byte[] hidden) =>
        Run(hidden, _down!.Forward, input => SubBlockWorkModel.FfnDown(model.Shape.DModel, (int)input[1], (int)input[0]));

    public async Task<SubBlockBatchOutput> Steps(SubBlockKind kind, SubBlockStepCall[] steps)
    {
        if (kind != id.Kind)
            throw new InvalidOperationException($"{id} is not {kind}");
        var outputs = new byte[steps.Length][];
        for (var i = 0; i < steps.Length; i++)
        {
            var s = steps[i];
            outputs[i] = (await (kind switch
            {
                SubBlockKind.AttentionHeads => Attend(s.Session, s.Position, s.Input),
                SubBlockKind.Ffn => Ffn(s.Input),
                SubBlockKind.FfnUp => FfnUp(s.Input),
                _ => FfnDown(s.Input),
            })).Data;
        }

        return new SubBlockBatchOutput(outputs, Tier.Edge);
    }

    public Task EndSession(Guid session)
    {
        _cache?.Dispose();
        _cache = null;
        return Task.CompletedTask;
    }

    public Task<SubBlockLocation> Locate() => Task.FromResult(new SubBlockLocation("session", Tier.Edge, _cache is null ? 0 : 1));

    public Task<bool> MoveTo(Tier tier) => Task.FromResult(false);

    public void Dispose()
    {
        _cache?.Dispose();
        _attention?.Dispose();
        _up?.Dispose();
        _down?.Dispose();
    }

    private bool Biased => model.Shape.Norm == NormKind.LayerNorm;

    private async Task<SubBlockOutput> Run(byte[] input, Func<Tensor, Tensor> forward, Func<long[], SubBlockWork> work) =>
        new(await SubBlockCompute.Run(device, Tier.Edge, input, forward, work), Tier.Edge);
}
