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

    /// <summary>
    /// The model's single input shape made concrete: <paramref name="requested"/> when given (checked against the
    /// declared static dimensions), else the declared shape with a symbolic batch set to 1. Other symbolic
    /// dimensions (such as an image's height and width) must be requested: a guess could run and mean nothing.
    /// </summary>
    public static long[] ConcreteInputShape(ModelProto model, IReadOnlyList<long>? requested = null)
    {
        var constants = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var input = model.Graph.Input.First(v => !constants.Contains(v.Name));
        var dims = input.Type?.TensorType?.Shape?.Dim.ToList();
        var declared = dims?.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L)
            .ToArray();
        if (requested is not null)
        {
            var mismatch = declared is not null && (declared.Length != requested.Count
                || declared.Zip(requested).Any(p => p.First > 0 && p.First != p.Second));
            if (mismatch || requested.Any(d => d < 1))
            {
                throw new OnnxFormatException(input.Name,
                    $"input shape [{string.Join(",", requested)}] does not fit the declared [{string.Join(",", declared ?? [])}]");
            }

            return requested.ToArray();
        }

        if (declared is null || declared.Length == 0)
        {
            throw new OnnxFormatException(input.Name, $"input '{input.Name}' declares no shape; give a concrete input shape");
        }

        if (declared.Skip(1).Any(d => d < 1))
        {
            throw new OnnxFormatException(input.Name,
                $"input '{input.Name}' has symbolic dimensions [{string.Join(",", declared ?? [])}]; give a concrete input shape");
        }

        return declared.Select(d => d < 1 ? 1L : d).ToArray();
    }
}
