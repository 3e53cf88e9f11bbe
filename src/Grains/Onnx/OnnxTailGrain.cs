using System.Diagnostics;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Placement;
using Splitwise.Onnx;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Grains.Onnx;

/// <summary>Runs the tail of a split ONNX model on the cloud silo: crossing tensor in, model output out.</summary>
[TierPlacement]
public sealed class OnnxTailGrain(OnnxSplitCatalog catalog, SiloTier tier, ILocalSiloDetails local) : Grain, IOnnxTailGrain, IDisposable
{
    private OnnxSession? _tail;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (model, cut, threads) = OnnxSplitKeys.Parse(this.GetPrimaryKeyString());
        var half = catalog.Halves(model, cut).Tail;
        _tail = half is null ? null : new OnnxSession(half, threads);
        return Task.CompletedTask;
    }

    public Task<OnnxTailRun> Run(byte[] crossing)
    {
        var tensor = OnnxInputs.Decode(crossing);
        var clock = Stopwatch.StartNew();
        var output = TensorWire.Encode(_tail!.Run(tensor));
        return Task.FromResult(new OnnxTailRun(output, clock.Elapsed.TotalMilliseconds, OnnxInputs.Where(tier, local)));
    }

    public void Dispose() => _tail?.Dispose();
}
