using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Graphs;

/// <summary>
/// Enumerates the valid cut points of a graph. With compute nodes n0..n(N-1) in topological order (see
/// <see cref="ComputeOrder"/>: constant nodes and initializers are copied to the side that reads them), cutting
/// after node i (0 &lt;= i &lt; N-1) puts n0..ni in the head and the rest in the tail. The cut is valid when:
/// <list type="number">
/// <item>exactly one tensor produced by the head is read by the tail or is a graph output (the crossing tensor),
/// and it is not itself a graph output;</item>
/// <item>no tail node reads a graph input (other than initializers, which are copied to the side that reads them):
/// after the cut, the input reaches the tail only through the crossing tensor;</item>
/// <item>every graph output is produced by a tail node.</item>
/// </list>
/// Skip connections and branches therefore rule out the cuts that fall inside them, since two tensors would cross.
/// </summary>
public static class CutFinder
{
    public static IReadOnlyList<CutPoint> ValidCuts(GraphProto graph, string source = "<graph>")
    {
        var computeOrder = new ComputeOrder(graph, source);
        var order = computeOrder.Nodes;
        var graphInputs = graph.Input.Select(v => v.Name).Where(n => !computeOrder.ConstantTensors.Contains(n))
            .ToHashSet(StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

        var lastReadAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastGraphInputRead = -1;
        for (var position = 0; position < order.Count; position++)
        {
            foreach (var name in NodeTensors.Consumed(order[position]))
            {
                lastReadAt[name] = position;
                if (graphInputs.Contains(name))
                {
                    lastGraphInputRead = position;
                }
            }
        }

        // Sweep once, keeping the tensors produced so far that are still needed later (read again, or a graph
        // output); a cut is valid where exactly one is open.
        var open = new HashSet<string>(StringComparer.Ordinal);
        var cuts = new List<CutPoint>();
        var outputsProduced = 0;
        for (var after = 0; after < order.Count - 1; after++)
        {
            var node = order[after];
            foreach (var name in NodeTensors.Consumed(node).Where(n => lastReadAt[n] == after && !graphOutputs.Contains(n)))
            {
                open.Remove(name);
            }

            foreach (var name in NodeTensors.Produced(node))
            {
                outputsProduced += graphOutputs.Contains(name) ? 1 : 0;
                if (graphOutputs.Contains(name) || lastReadAt.GetValueOrDefault(name, -1) > after)
                {
                    open.Add(name);
                }
            }

            if (after >= lastGraphInputRead && outputsProduced == 0 && open.Count == 1)
            {
                cuts.Add(new CutPoint(after, node.Name.Length > 0 ? node.Name : node.OpType, node.OpType, open.Single()));
            }
        }

        // A graph output that no compute node produces (a constant or a graph input) leaves nothing to cut.
        var computed = order.SelectMany(NodeTensors.Produced).ToHashSet(StringComparer.Ordinal);
        return graphOutputs.All(computed.Contains) ? cuts : [];
    }

    /// <summary>The valid cut after compute node <paramref name="afterNode"/>; a typed error listing the valid ones otherwise.</summary>
    public static CutPoint Find(GraphProto graph, int afterNode, string source = "<graph>")
    {
        var cuts = ValidCuts(graph, source);
        return cuts.FirstOrDefault(c => c.AfterNode == afterNode)
            ?? throw new OnnxFormatException(source,
                $"no valid cut after node {afterNode}; valid: {string.Join(", ", cuts.Select(c => c.AfterNode))}");
    }

    internal static HashSet<string> InitializerNames(GraphProto graph) =>
        graph.Initializer.Select(t => t.Name)
            .Concat(graph.SparseInitializer.Select(s => s.Values?.Name ?? ""))
            .Where(n => n.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
}
