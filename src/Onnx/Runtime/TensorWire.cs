using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Splitwise.Onnx.Runtime;

/// <summary>
/// The bytes a crossing tensor travels as between tiers: rank (int32), dims (int64 each), then the float32 values,
/// all little-endian. Lossless, so the split model's output equals the full model's.
/// </summary>
public static class TensorWire
{
    public static byte[] Encode(FloatTensor tensor)
    {
        var header = sizeof(int) + tensor.Shape.Length * sizeof(long);
        var bytes = new byte[header + tensor.Data.Length * sizeof(float)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, tensor.Shape.Length);
        for (var i = 0; i < tensor.Shape.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(sizeof(int) + i * sizeof(long)), tensor.Shape[i]);
        }

        MemoryMarshal.AsBytes(tensor.Data.AsSpan()).CopyTo(bytes.AsSpan(header));
        return bytes;
    }

    public static FloatTensor Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < sizeof(int))
        {
            throw new FormatException($"a wire tensor needs at least {sizeof(int)} bytes, got {bytes.Length}");
        }

        var rank = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var header = sizeof(int) + (long)rank * sizeof(long);
        if (rank < 0 || rank > 32 || bytes.Length < header)
        {
            throw new FormatException($"wire tensor: rank {rank} does not fit in {bytes.Length} bytes");
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(sizeof(int) + i * sizeof(long))..]);
        }

        var payload = bytes[(int)header..];
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (shape.Any(d => d < 0) || payload.Length != count * sizeof(float))
        {
            throw new FormatException(
                $"wire tensor: shape [{string.Join(",", shape)}] needs {count * sizeof(float)} bytes of data, got {payload.Length}");
        }

        return new FloatTensor(shape, MemoryMarshal.Cast<byte, float>(payload).ToArray());
    }
}
