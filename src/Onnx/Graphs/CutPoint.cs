namespace Splitwise.Onnx.Graphs;

/// <summary>
/// A place to split a graph: the head is the first <see cref="HeadNodeCount"/> nodes in topological order, the tail
/// the rest, and exactly one tensor, <see cref="CrossingTensor"/>, flows from head to tail.
/// </summary>
/// <param name="AfterNode">0-based position, in topological order, of the head's last node.</param>
/// <param name="LastHeadNode">That node's name (its op type when unnamed).</param>
/// <param name="LastHeadOpType">That node's operator.</param>
public sealed record CutPoint(int AfterNode, string LastHeadNode, string LastHeadOpType, string CrossingTensor)
{
    public int HeadNodeCount => AfterNode + 1;
}
