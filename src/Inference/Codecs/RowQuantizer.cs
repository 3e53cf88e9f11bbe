using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Symmetric per-row absmax quantisation shared by the int8 and int4 codecs:
/// scale = absmax / maxLevel, level = round-half-even(x / scale) clamped to [-maxLevel, maxLevel],
/// value = level * scale. The loops are vectorised because they run on every cross-tier call.
/// </summary>
internal static class RowQuantizer
{
    private const int AbsoluteValueMask = 0x7FFF_FFFF;

    // |x| bit patterns at or above this are +Inf or NaN.
    private const int NonFiniteBits = 0x7F80_0000;

    // 2^-126: a smaller (subnormal) scale has too few significant bits to honour the error
    // bound, and its reciprocal overflows, so such rows are flushed to zero instead.
    private const float SmallestNormal = 1.17549435E-38f;

    /// <summary>
    /// The fp32 scale for one row, or 0 when the row is all zeros or so tiny that its scale would be
    /// subnormal (|x| &lt; maxLevel * 2^-126); such rows decode to zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The row holds NaN or ±Inf, which has no absmax scale.</exception>
    public static float ScaleOf(ReadOnlySpan<float> row, int rowIndex, int maxLevel, string codec)
    {
        float absMax = AbsMaxOrThrow(row, rowIndex, codec);
        float scale = absMax / maxLevel;
        if (scale < SmallestNormal)
        {
            return 0f;
        }

        // Keep level * scale finite when absmax sits within an ulp of float.MaxValue.
        if (float.IsInfinity(scale * maxLevel))
        {
            scale = MathF.BitDecrement(scale);
        }

        return scale;
    }

    private static float AbsMaxOrThrow(ReadOnlySpan<float> row, int rowIndex, string codec)
    {
        // For non-negative floats the integer order of the bits is the float order, and NaN/Inf
        // are exactly the patterns >= 0x7F800000, so one integer max finds absmax and non-finites
        // together (a float max would let NaN slip through, depending on operand order).
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(row);
        int maxBits = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && bits.Length >= Vector<int>.Count)
        {
            var mask = new Vector<int>(AbsoluteValueMask);
            var accumulator = Vector<int>.Zero;
            for (; i <= bits.Length - Vector<int>.Count; i += Vector<int>.Count)
            {
                accumulator = Vector.Max(accumulator, new Vector<int>(bits[i..]) & mask);
            }

            for (int lane = 0; lane < Vector<int>.Count; lane++)
            {
                maxBits = Math.Max(maxBits, accumulator[lane]);
            }
        }

        for (; i < bits.Length; i++)
        {
            maxBits = Math.Max(maxBits, bits[i] & AbsoluteValueMask);
        }

        if (maxBits >= NonFiniteBits)
        {
            throw NonFinite(row, rowIndex, codec);
        }

        return BitConverter.Int32BitsToSingle(maxBits);
    }

    private static ArgumentException NonFinite(ReadOnlySpan<float> row, int rowIndex, string codec)
    {
        int column = 0;
        while (float.IsFinite(row[column]))
        {
            column++;
        }

        return new ArgumentException(
            $"row {rowIndex}, column {column} is {row[column]}; {codec} needs finite values to compute the row scale",
            "values");
    }

    /// <summary>Writes round(x / scale) clamped to ±maxLevel for every x in the row.</summary>
    public static void Quantize(ReadOnlySpan<float> row, float scale, int maxLevel, Span<sbyte> levels)
    {
        float inverseScale = 1f / scale;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Four int vectors narrow to exactly one sbyte vector.
            int width = Vector<int>.Count;
            int block = 4 * width;
            var inverse = new Vector<float>(inverseScale);
            var highest = new Vector<float>(maxLevel);
            var lowest = -highest;
            for (; i <= row.Length - block; i += block)
            {
                var a = ToLevels(row[i..], inverse, lowest, highest);
                var b = ToLevels(row[(i + width)..], inverse, lowest, highest);
                var c = ToLevels(row[(i + 2 * width)..], inverse, lowest, highest);
                var d = ToLevels(row[(i + 3 * width)..], inverse, lowest, highest);
                Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, d)).CopyTo(levels[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            levels[i] = (sbyte)Math.Clamp(MathF.Round(row[i] * inverseScale), -maxLevel, maxLevel);
        }
    }

    private static Vector<int> ToLevels(ReadOnlySpan<float> values, Vector<float> inverseScale, Vector<float> lowest, Vector<float> highest)
    {
        var rounded = Vector.Round(new Vector<float>(values) * inverseScale);
        return Vector.ConvertToInt32(Vector.Min(Vector.Max(rounded, lowest), highest));
    }

    public static void WriteScale(Span<byte> scales, int rowIndex, float scale) =>
        BinaryPrimitives.WriteSingleLittleEndian(scales[(rowIndex * sizeof(float))..], scale);

    /// <summary>Reads one row's scale, rejecting values the encoder can never write.</summary>
    public static float ReadScale(ReadOnlySpan<byte> scales, int rowIndex, string codec)
    {
        float scale = BinaryPrimitives.ReadSingleLittleEndian(scales[(rowIndex * sizeof(float))..]);
        if (!float.IsFinite(scale) || scale < 0f)
        {
            throw new CorruptActivationException(codec, $"row {rowIndex} has scale {scale}; scales are finite and >= 0");
        }

        return scale;
    }

    /// <summary>Writes level * scale for every level of the row.</summary>
    public static void Dequantize(ReadOnlySpan<sbyte> levels, float scale, Span<float> row)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<int>.Count;
            var scales = new Vector<float>(scale);
            for (; i <= levels.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(levels[i..]), out Vector<short> low, out Vector<short> high);
                Vector.Widen(low, out Vector<int> a, out Vector<int> b);
                Vector.Widen(high, out Vector<int> c, out Vector<int> d);
                (Vector.ConvertToSingle(a) * scales).CopyTo(row[i..]);
                (Vector.ConvertToSingle(b) * scales).CopyTo(row[(i + width)..]);
                (Vector.ConvertToSingle(c) * scales).CopyTo(row[(i + 2 * width)..]);
                (Vector.ConvertToSingle(d) * scales).CopyTo(row[(i + 3 * width)..]);
            }
        }

        for (; i < levels.Length; i++)
        {
            row[i] = levels[i] * scale;
        }
    }
}
