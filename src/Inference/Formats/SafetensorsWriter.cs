using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Writes safetensors files: for tests, and to re-save a model in a smaller dtype.
/// Tensors are written in the order given (names must be unique); the header lists them in that
/// order too, and readers must not depend on it (<see cref="SafetensorsFile.Names"/> sorts).
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes fp32 (or any float) tensors, converted to <paramref name="dtype"/> with round-to-nearest-even.</summary>
    public static void Write(
        string path,
        IEnumerable<KeyValuePair<string, torch.Tensor>> tensors,
        TensorDType dtype = TensorDType.F32,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var arrays = tensors.Select(pair =>
        {
            using var scope = torch.NewDisposeScope();
            var cpu = pair.Value.detach().to(torch.CPU).to_type(torch.ScalarType.Float32).contiguous();
            return new KeyValuePair<string, (float[], long[])>(pair.Key, (cpu.data<float>().ToArray(), pair.Value.shape));
        });
        WriteArrays(path, arrays, dtype, metadata);
    }

    /// <summary>Writes raw row-major fp32 values with their shapes; no TorchSharp needed.</summary>
    public static void WriteArrays(
        string path,
        IEnumerable<KeyValuePair<string, (float[] Values, long[] Shape)>> tensors,
        TensorDType dtype = TensorDType.F32,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var entries = new List<SafetensorsEntry>(list.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        int itemSize = Fp32Conversion.ItemSize(dtype);
        long offset = 0;
        foreach (var (name, (values, shape)) in list)
        {
            if (name == "__metadata__" || !names.Add(name))
                throw new ArgumentException($"tensor name '{name}' is reserved or repeated", nameof(tensors));
            long elements = shape.Aggregate(1L, (a, b) => a * b);
            if (shape.Any(d => d < 0) || elements != values.Length)
                throw new ArgumentException(
                    $"tensor '{name}': shape [{string.Join(", ", shape)}] does not hold {values.Length} values", nameof(tensors));
            entries.Add(new SafetensorsEntry(name, dtype.ToString(), shape, offset, offset + elements * itemSize));
            offset += elements * itemSize;
        }

        byte[] header = SafetensorsHeader.Serialize(entries, metadata);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, (values, _)) in list) WriteValues(stream, values, dtype);
    }

    private static void WriteValues(Stream stream, float[] values, TensorDType dtype)
    {
        Fp32Conversion.EnsureLittleEndian();
        if (dtype == TensorDType.F32)
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        var converted = new ushort[values.Length];
        for (int i = 0; i < values.Length; i++)
            converted[i] = dtype == TensorDType.BF16
                ? Fp32Conversion.FloatToBFloat16(values[i])
                : Fp32Conversion.FloatToHalf(values[i]);
        stream.Write(MemoryMarshal.AsBytes(converted.AsSpan()));
    }
}
