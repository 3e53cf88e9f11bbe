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
/// once per cut point: the head and tail grains of every thread count share them. Two cuts besides the valid ones
/// make DynaSplit's extremes: <see cref="CloudOnly"/> (no head: the input crosses) and the last compute node
/// (no tail: the head is the whole model and nothing crosses).
/// </summary>
public sealed class OnnxSplitCatalog(IOptions<FabricOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<ModelProto>> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), Lazy<GraphSplit>> _splits = new();

    /// <exception cref="UnknownModelException">no ONNX model of that name is configured.</exception>
    /// <exception cref="InvalidRequestException">the file is not a model, or the cut is not a valid one.</exception>
    public const int CloudOnly = -1;

    /// <summary>The serialized halves of a cut; null for a half that is empty.</summary>
    public (byte[]? Head, byte[]? Tail) Halves(string model, int afterNode)
    {
        var proto = Model(model);
        var last = new ComputeOrder(proto.Graph).Nodes.Count - 1;
        if (afterNode == CloudOnly)
        {
            return (null, OnnxModelFile.ToBytes(proto));
        }

        if (afterNode == last)
        {
            return (OnnxModelFile.ToBytes(proto), null);
        }

        var split = Split(model, afterNode);
        return (OnnxModelFile.ToBytes(split.Head), OnnxModelFile.ToBytes(split.Tail));
    }

    public ModelProto Model(string model) => Guarded(model, int.MinValue, () => Read(model));

    public GraphSplit Split(string model, int afterNode) => Guarded(model, afterNode, () =>
    {
        var proto = Read(model);
        return _splits.GetOrAdd((model, afterNode), _ => new Lazy<GraphSplit>(() => GraphSplitter.Split(proto, afterNode, source: model))).Value;
    });

    private ModelProto Read(string model)
    {
        if (!options.Value.OnnxModels.TryGetValue(model, out var path))
        {
            throw new UnknownModelException(model, options.Value.OnnxModels.Keys);
        }

        return _models.GetOrAdd(model, _ => new Lazy<ModelProto>(() => OnnxModelFile.Read(path))).Value;
    }

    private T Guarded<T>(string model, int afterNode, Func<T> load)
    {
        try
        {
            return load();
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
