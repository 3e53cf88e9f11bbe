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

        var producedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastReadAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastGraphInputRead = -1;
        for (var position = 0; position < order.Count; position++)
        {
            foreach (var name in NodeTensors.Produced(order[position]))
            {
                producedAt[name] = position;
            }

            foreach (var name in NodeTensors.Consumed(order[position]))
            {
                lastReadAt[name] = position;
                if (graphInputs.Contains(name))
                {
                    lastGraphInputRead = position;
                }
            }
        }

        var firstOutputProducer = graphOutputs.Select(n => producedAt.GetValueOrDefault(n, -1)).DefaultIfEmpty(-1).Min();
        var cuts = new List<CutPoint>();
        for (var after = Math.Max(0, lastGraphInputRead); after < Math.Min(order.Count - 1, firstOutputProducer); after++)
        {
            var crossing = producedAt
                .Where(p => p.Value <= after && (lastReadAt.GetValueOrDefault(p.Key, -1) > after || graphOutputs.Contains(p.Key)))
                .Select(p => p.Key)
                .Take(2)
                .ToList();
            if (crossing.Count == 1)
            {
                var node = order[after];
                cuts.Add(new CutPoint(after, node.Name.Length > 0 ? node.Name : node.OpType, node.OpType, crossing[0]));
            }
        }

        return cuts;
    }

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
