using System.Diagnostics;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Placement;
using Splitwise.Onnx;
using Splitwise.Onnx.Runtime;

namespace Splitwise.Grains.Onnx;

/// <summary>
/// Runs the head of a split ONNX model on the edge silo and hands the one crossing tensor to the cloud tail; that
/// call crosses the emulated link, which delays it and counts its bytes. With no head (cloud only) the input itself
/// crosses; with no tail (edge only) nothing does.
/// </summary>
[TierPlacement]
public sealed class OnnxHeadGrain(OnnxSplitCatalog catalog, SiloTier tier, ILocalSiloDetails local) : Grain, IOnnxHeadGrain, IDisposable
{
    private OnnxSession? _head;
    private IOnnxTailGrain? _tail;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (model, cut, threads) = OnnxSplitKeys.Parse(this.GetPrimaryKeyString());
        var (head, tail) = catalog.Halves(model, cut);
        _head = head is null ? null : new OnnxSession(head, threads);
        _tail = tail is null ? null : GrainFactory.GetGrain<IOnnxTailGrain>(OnnxSplitKeys.Tail(model, cut, threads));
        return Task.CompletedTask;
    }

    public async Task<OnnxSplitRun> Infer(byte[] input)
    {
        // Cloud only: the input crosses as it came (the tail decodes and checks it).
        var clock = Stopwatch.StartNew();
        var crossing = _head is null ? input : TensorWire.Encode(_head.Run(OnnxInputs.Decode(input)));
        var headMs = clock.Elapsed.TotalMilliseconds;
        if (_tail is null)
        {
            return new OnnxSplitRun(crossing, headMs, 0, 0, 0, OnnxInputs.Where(tier, local), "");
        }

        clock.Restart();
        var tail = await _tail.Run(crossing);
        var roundTripMs = clock.Elapsed.TotalMilliseconds;
        return new OnnxSplitRun(tail.Output, headMs, tail.TailMs, roundTripMs, crossing.LongLength, OnnxInputs.Where(tier, local), tail.Silo);
    }

    public void Dispose() => _head?.Dispose();
}
