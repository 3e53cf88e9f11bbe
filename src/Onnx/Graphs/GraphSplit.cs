using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Graphs;

/// <summary>The two models a cut produces: the head maps the graph inputs to the crossing tensor, the tail maps it to the outputs.</summary>
public sealed record GraphSplit(CutPoint Cut, ModelProto Head, ModelProto Tail);
