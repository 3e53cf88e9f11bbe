using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Graphs;

/// <summary>
/// Orders a graph's nodes so that every node comes after the producers of what it reads. ONNX requires files to be
/// stored that way already; the order is the stored one whenever it is valid (Kahn's algorithm that always takes
/// the earliest ready node in file order), so cut indices match what tools such as Netron show.
/// </summary>
public static class TopologicalOrder
{
    public static IReadOnlyList<NodeProto> Of(GraphProto graph, string source = "<graph>")
    {
        var nodes = graph.Node;
        var producerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var name in NodeTensors.Produced(nodes[i]))
            {
                if (!producerOf.TryAdd(name, i))
                {
                    throw new OnnxFormatException(source, $"tensor '{name}' is produced by more than one node");
                }
            }
        }

        var waitingOn = new int[nodes.Count];
        var dependents = Enumerable.Range(0, nodes.Count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var name in NodeTensors.Consumed(nodes[i]))
            {
                if (producerOf.TryGetValue(name, out var producer))
                {
                    waitingOn[i]++;
                    dependents[producer].Add(i);
                }
            }
        }

        var ready = new SortedSet<int>(Enumerable.Range(0, nodes.Count).Where(i => waitingOn[i] == 0));
        var order = new List<NodeProto>(nodes.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(nodes[next]);
            foreach (var dependent in dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Add(dependent);
                }
            }
        }

        if (order.Count != nodes.Count)
        {
            throw new OnnxFormatException(source, "the graph has a cycle: no node order satisfies its data dependencies");
        }

        return order;
    }
}
