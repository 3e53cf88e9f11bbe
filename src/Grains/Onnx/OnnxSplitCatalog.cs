using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Splitwise.Contracts.Errors;
using Splitwise.Grains.Hosting;
using Splitwise.Onnx;
using Splitwise.Onnx.Graphs;
using Splitwise.Onnx.Proto;

namespace Splitwise.Grains.Onnx;

/// <summary>
/// The ONNX models this silo can serve (<see cref="FabricOptions.OnnxModels"/>), read once, and their splits, cut
/// once per cut point: the head and tail grains of every thread count share them.
/// </summary>
public sealed class OnnxSplitCatalog(IOptions<FabricOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<ModelProto>> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), Lazy<GraphSplit>> _splits = new();

    /// <exception cref="UnknownModelException">no ONNX model of that name is configured.</exception>
    /// <exception cref="InvalidRequestException">the file is not a model, or the cut is not a valid one.</exception>
    public GraphSplit Split(string model, int afterNode)
    {
        if (!options.Value.OnnxModels.TryGetValue(model, out var path))
        {
            throw new UnknownModelException(model, options.Value.OnnxModels.Keys);
        }

        try
        {
            var proto = _models.GetOrAdd(model, _ => new Lazy<ModelProto>(() => OnnxModelFile.Read(path))).Value;
            return _splits.GetOrAdd((model, afterNode), _ => new Lazy<GraphSplit>(() => GraphSplitter.Split(proto, afterNode, source: path))).Value;
        }
        catch (OnnxFormatException e)
        {
            // Forget the failure so a corrected file or another cut is tried afresh; the caller gets a typed error.
            _models.TryRemove(model, out _);
            _splits.TryRemove((model, afterNode), out _);
            throw new InvalidRequestException(e.Message);
        }
    }
}
