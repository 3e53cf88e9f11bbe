using Splitwise.Onnx.Graphs;
using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed.Live;

namespace Splitwise.Cli.Live;

/// <summary>
/// DynaSplit's configuration space over a real ONNX model: split layer 0 = cloud only, 1..K = K valid cuts spread
/// evenly over the graph, K+1 = edge only; the edge CPU frequencies and accelerator modes of
/// <see cref="EdgeKnobTable"/>; cloud GPU off/on.
/// </summary>
public sealed class LiveSplitSpace
{
    public const int CloudOnlyNode = -1;

    public LiveSplitSpace(IReadOnlyList<CutPoint> validCuts, int computeNodes, int cutCount)
    {
        if (validCuts.Count == 0 || cutCount < 1)
        {
            throw new ArgumentException("the model has no valid cut to split at (or --cuts < 1)");
        }

        var count = Math.Min(cutCount, validCuts.Count);
        Cuts = Enumerable.Range(0, count).Select(i => validCuts[count == 1 ? 0 : i * (validCuts.Count - 1) / (count - 1)]).Distinct().ToList();
        AfterNodes = [CloudOnlyNode, .. Cuts.Select(c => c.AfterNode), computeNodes - 1];
        Space = new ConfigurationSpace(Enumerable.Range(0, AfterNodes.Count), EdgeKnobTable.FrequenciesMHz,
            EdgeKnobTable.AcceleratorModes, [false, true]);
    }

    public IReadOnlyList<CutPoint> Cuts { get; }

    /// <summary>Per split layer, the compute node the head ends after (-1: no head; the last node: no tail).</summary>
    public IReadOnlyList<int> AfterNodes { get; }

    public ConfigurationSpace Space { get; }

    public int AfterNode(Configuration configuration) => AfterNodes[configuration.SplitLayer];
}
