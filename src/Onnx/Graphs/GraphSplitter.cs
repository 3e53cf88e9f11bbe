using Google.Protobuf;
using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Graphs;

/// <summary>
/// Writes the head and tail of a valid cut as two ONNX models. Both keep the original IR version, opset imports,
/// producer and metadata. Each initializer goes to the side that reads it (to both when both do); value_info entries
/// follow the tensors they describe. The crossing tensor's type comes from the model's value_info when it has one,
/// else from <paramref name="crossingType"/> (e.g. learnt by running the model), else it is declared as float with
/// an unknown shape.
/// </summary>
public static class GraphSplitter
{
    public static GraphSplit Split(ModelProto model, int afterNode, TypeProto? crossingType = null, string source = "<model>")
    {
        var graph = model.Graph ?? throw new OnnxFormatException(source, "the model has no graph");
        return Split(model, CutFinder.Find(graph, afterNode, source), crossingType, source);
    }

    /// <summary>Splits at a cut already found by <see cref="CutFinder.ValidCuts"/> on this model's graph.</summary>
    public static GraphSplit Split(ModelProto model, CutPoint cut, TypeProto? crossingType = null, string source = "<model>")
    {
        var graph = model.Graph ?? throw new OnnxFormatException(source, "the model has no graph");
        var order = new ComputeOrder(graph, source);
        var crossing = CrossingValueInfo(graph, cut.CrossingTensor, crossingType);

        var initializers = CutFinder.InitializerNames(graph);
        var graphInputs = graph.Input.Where(v => !initializers.Contains(v.Name)).ToList();
        var head = Derive(model, graph, "head", order, order.Nodes.Take(cut.HeadNodeCount).ToList(), graphInputs);
        head.Graph.Output.Add(crossing.Clone());

        var tail = Derive(model, graph, "tail", order, order.Nodes.Skip(cut.HeadNodeCount).ToList(), [crossing]);
        tail.Graph.Output.Add(graph.Output.Select(v => v.Clone()));
        return new GraphSplit(cut, head, tail);
    }

    private static ModelProto Derive(
        ModelProto model, GraphProto graph, string part, ComputeOrder order, IReadOnlyList<NodeProto> computeNodes,
        IReadOnlyList<ValueInfoProto> inputs)
    {
        var nodes = order.ConstantsFeeding(computeNodes).Concat(computeNodes).ToList();
        var read = nodes.SelectMany(NodeTensors.Consumed).ToHashSet(StringComparer.Ordinal);
        var touched = new HashSet<string>(read, StringComparer.Ordinal);
        touched.UnionWith(nodes.SelectMany(NodeTensors.Produced));

        var derived = model.Clone();
        derived.Graph = new GraphProto
        {
            Name = (graph.HasName ? graph.Name : "graph") + "_" + part,
            DocString = $"{part} of '{graph.Name}', cut by Splitwise.Onnx",
        };
        derived.Graph.Input.Add(inputs.Select(v => v.Clone()));
        derived.Graph.Node.Add(nodes.Select(n => n.Clone()));
        derived.Graph.Initializer.Add(graph.Initializer.Where(t => read.Contains(t.Name)).Select(t => t.Clone()));
        derived.Graph.SparseInitializer.Add(graph.SparseInitializer.Where(s => read.Contains(s.Values?.Name ?? "")).Select(s => s.Clone()));
        derived.Graph.ValueInfo.Add(graph.ValueInfo.Where(v => touched.Contains(v.Name)).Select(v => v.Clone()));
        derived.Graph.MetadataProps.Add(graph.MetadataProps.Select(p => p.Clone()));

        // Before IR version 4 every initializer had to be listed as a graph input too; keep that for the ones kept.
        var initializers = CutFinder.InitializerNames(graph);
        derived.Graph.Input.Add(graph.Input
            .Where(v => initializers.Contains(v.Name) && read.Contains(v.Name))
            .Select(v => v.Clone()));
        return derived;
    }

    private static ValueInfoProto CrossingValueInfo(GraphProto graph, string name, TypeProto? crossingType)
    {
        var known = graph.ValueInfo.FirstOrDefault(v => v.Name == name && v.Type is not null);
        if (known is not null)
        {
            return known.Clone();
        }

        var type = crossingType?.Clone()
            ?? new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } };
        return new ValueInfoProto { Name = name, Type = type };
    }
}
