using System.Numerics;
using System.Runtime.InteropServices;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Sums fp32-encoded partials element-wise into one fp32 encoding, in the order given (so the float sum is
/// the same on every run and equals adding them one by one as tensors), without going through tensors:
/// on the fabric's hot path that saves a tensor per partial. The sum is built in place in a copy of the
/// first encoding; the others are read where they lie.
/// </summary>
public static class Fp32Sum
{
    public static byte[] Of(IReadOnlyList<byte[]> partials)
    {
        if (partials.Count == 0)
            throw new ArgumentException("nothing to sum", nameof(partials));
        var (rows, cols) = Shape(partials[0]);
        if (!BitConverter.IsLittleEndian)
            return BigEndian(partials, rows, cols);
        var sum = (byte[])partials[0].Clone();
        var into = MemoryMarshal.Cast<byte, float>(sum.AsSpan(ActivationHeader.Size));
        for (var i = 1; i < partials.Count; i++)
        {
            var shape = Shape(partials[i]);
            if (shape != (rows, cols))
                throw new ArgumentException($"partial {i} is {shape.Rows} x {shape.Cols}, the first is {rows} x {cols}", nameof(partials));
            AddInto(into, MemoryMarshal.Cast<byte, float>(partials[i].AsSpan(ActivationHeader.Size)));
        }

        return sum;
    }

    private static (int Rows, int Cols) Shape(byte[] encoded)
    {
        var (rows, cols) = ActivationHeader.Read(encoded, ActivationCodecTag.Fp32, ActivationCodecs.Fp32.Name);
        ActivationHeader.RequireLength(encoded, Fp32ActivationCodec.EncodedLength(rows, cols), rows, cols, ActivationCodecs.Fp32.Name);
        return (rows, cols);
    }

    private static void AddInto(Span<float> sum, ReadOnlySpan<float> values)
    {
        var wide = MemoryMarshal.Cast<float, Vector<float>>(sum);
        var add = MemoryMarshal.Cast<float, Vector<float>>(values);
        for (var i = 0; i < wide.Length; i++)
            wide[i] += add[i];
        for (var i = wide.Length * Vector<float>.Count; i < sum.Length; i++)
            sum[i] += values[i];
    }

    private static byte[] BigEndian(IReadOnlyList<byte[]> partials, int rows, int cols)
    {
        var sum = ActivationCodecs.Fp32.Decode(partials[0]).Values;
        for (var i = 1; i < partials.Count; i++)
        {
            var next = ActivationCodecs.Fp32.Decode(partials[i]);
            if ((next.Rows, next.Cols) != (rows, cols))
                throw new ArgumentException($"partial {i} is {next.Rows} x {next.Cols}, the first is {rows} x {cols}", nameof(partials));
            AddInto(sum, next.Values);
        }

        return ActivationCodecs.Fp32.Encode(sum, rows, cols);
    }
}
