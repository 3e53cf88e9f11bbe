using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Graphs;

/// <summary>
/// A graph's nodes split into constant nodes and compute nodes. A node is constant when everything it reads is an
/// initializer or another constant node's output and it is deterministic (exporters such as paddle2onnx store
/// every weight as a Constant node). Constants behave like initializers for cutting: they are copied to each side
/// that reads them and never cross the link. Cut positions count compute nodes only, in topological order.
/// </summary>
public sealed class ComputeOrder
{
    private readonly Dictionary<string, NodeProto> constantProducer = new(StringComparer.Ordinal);

    public ComputeOrder(GraphProto graph, string source = "<graph>")
    {
        var order = TopologicalOrder.Of(graph, source);
        ConstantTensors = CutFinder.InitializerNames(graph);
        var constants = new List<NodeProto>();
        var compute = new List<NodeProto>();
        foreach (var node in order)
        {
            if (!node.OpType.StartsWith("Random", StringComparison.Ordinal)
                && NodeTensors.Consumed(node).All(ConstantTensors.Contains))
            {
                constants.Add(node);
                foreach (var name in NodeTensors.Produced(node))
                {
                    ConstantTensors.Add(name);
                    constantProducer[name] = node;
                }
            }
            else
            {
                compute.Add(node);
            }
        }

        ConstantNodes = constants;
        Nodes = compute;
    }

    /// <summary>The compute nodes in topological order; a cut's position indexes this list.</summary>
    public IReadOnlyList<NodeProto> Nodes { get; }

    public IReadOnlyList<NodeProto> ConstantNodes { get; }

    /// <summary>Initializer names and constant nodes' outputs.</summary>
    public HashSet<string> ConstantTensors { get; }

    /// <summary>The constant nodes whose outputs the given nodes read, directly or through other constants, in order.</summary>
    public IReadOnlyList<NodeProto> ConstantsFeeding(IEnumerable<NodeProto> nodes)
    {
        var needed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<string>(nodes.SelectMany(NodeTensors.Consumed));
        while (pending.Count > 0)
        {
            if (constantProducer.TryGetValue(pending.Pop(), out var producer) && needed.Add(producer))
            {
                foreach (var name in NodeTensors.Consumed(producer))
                {
                    pending.Push(name);
                }
            }
        }

        return ConstantNodes.Where(needed.Contains).ToList();
    }
}
