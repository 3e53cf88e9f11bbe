using Splitwise.Onnx.Proto;

namespace Splitwise.Onnx.Runtime;

/// <summary>
/// Learns the concrete shapes of intermediate tensors by running the model once on a given input with those
/// tensors exposed as extra graph outputs (exported CNNs rarely carry value_info for them, and their batch
/// dimension is symbolic).
/// </summary>
public static class ShapeProbe
{
    public static IReadOnlyDictionary<string, long[]> Shapes(ModelProto model, FloatTensor input, IEnumerable<string> tensors)
    {
        var probe = model.Clone();
        var wanted = tensors.Distinct(StringComparer.Ordinal).ToList();
        var existing = probe.Graph.Output.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in wanted.Where(n => !existing.Contains(n)))
        {
            // Name only: ONNX Runtime infers the type of an output declared without one.
            probe.Graph.Output.Add(new ValueInfoProto { Name = name });
        }

        using var session = new OnnxSession(OnnxModelFile.ToBytes(probe));
        var outputs = session.Run(new Dictionary<string, FloatTensor> { [session.InputNames.Single()] = input });
        return wanted.ToDictionary(n => n, n => outputs[n].Shape, StringComparer.Ordinal);
    }

    /// <summary>The model's single input shape with every symbolic dimension (such as the batch) set to 1.</summary>
    public static long[] ConcreteInputShape(ModelProto model)
    {
        var input = model.Graph.Input.First(v => !model.Graph.Initializer.Any(t => t.Name == v.Name));
        var dims = input.Type?.TensorType?.Shape?.Dim
            ?? throw new OnnxFormatException(input.Name, "the model's input declares no shape; pass one explicitly");
        return dims.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : 1L)
            .ToArray();
    }
}
