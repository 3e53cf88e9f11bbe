using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Graphs;

/// <summary>The tensor names a node reads and writes, as far as cutting a graph is concerned.</summary>
public static class NodeTensors
{
    /// <summary>
    /// Its non-empty inputs (an empty name is an omitted optional input) plus every name a nested subgraph (If,
    /// Loop, Scan bodies) reads from the enclosing scope. Over-approximating the outer reads is safe: a cut only
    /// becomes invalid, never wrongly valid.
    /// </summary>
    public static IEnumerable<string> Consumed(NodeProto node)
    {
        var names = new HashSet<string>(node.Input.Where(name => name.Length > 0), StringComparer.Ordinal);
        foreach (var attribute in node.Attribute)
        {
            foreach (var graph in attribute.Graphs.Append(attribute.G).OfType<GraphProto>())
            {
                names.UnionWith(OuterReads(graph));
            }
        }

        return names;
    }

    public static IEnumerable<string> Produced(NodeProto node) => node.Output.Where(name => name.Length > 0);

    private static IEnumerable<string> OuterReads(GraphProto graph)
    {
        var local = new HashSet<string>(StringComparer.Ordinal);
        local.UnionWith(graph.Input.Select(value => value.Name));
        local.UnionWith(graph.Initializer.Select(tensor => tensor.Name));
        foreach (var node in graph.Node)
        {
            local.UnionWith(Produced(node));
        }

        return graph.Node.SelectMany(Consumed).Where(name => !local.Contains(name)).Distinct(StringComparer.Ordinal);
    }
}
