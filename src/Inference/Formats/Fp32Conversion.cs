using System.Numerics;
using System.Runtime.InteropServices;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Stored dtypes to and from fp32. Files are little-endian, as is every platform we run on
/// (checked once in <see cref="EnsureLittleEndian"/>), so raw bytes are reinterpreted in place.
/// </summary>
internal static unsafe class Fp32Conversion
{
    public static int ItemSize(TensorDType dtype) => dtype switch
    {
        TensorDType.F32 => 4,
        TensorDType.F16 or TensorDType.BF16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("model files are little-endian; big-endian hosts are not supported");
    }

    /// <summary>Converts <paramref name="count"/> stored values at <paramref name="source"/> to fp32.</summary>
    public static void ToFloat(TensorDType dtype, byte* source, float* destination, long count)
    {
        // Spans are int-sized; a slice of a huge tensor is converted in chunks.
        const int chunk = 1 << 28;
        for (long done = 0; done < count; done += chunk)
        {
            int n = (int)Math.Min(chunk, count - done);
            var output = new Span<float>(destination + done, n);
            switch (dtype)
            {
                case TensorDType.F32:
                    new ReadOnlySpan<float>((float*)source + done, n).CopyTo(output);
                    break;
                case TensorDType.F16:
                    HalfToFloat(new ReadOnlySpan<Half>((Half*)source + done, n), output);
                    break;
                case TensorDType.BF16:
                    BFloat16ToFloat(new ReadOnlySpan<ushort>((ushort*)source + done, n), output);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
            }
        }
    }

    private static void HalfToFloat(ReadOnlySpan<Half> input, Span<float> output)
    {
        for (int i = 0; i < input.Length; i++) output[i] = (float)input[i];
    }

    /// <summary>A bfloat16 is the top half of an fp32: widen and shift, a vector at a time.</summary>
    private static void BFloat16ToFloat(ReadOnlySpan<ushort> input, Span<float> output)
    {
        var outputBits = MemoryMarshal.Cast<float, uint>(output);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var inputVectors = MemoryMarshal.Cast<ushort, Vector<ushort>>(input);
            var outputVectors = MemoryMarshal.Cast<uint, Vector<uint>>(outputBits);
            for (int v = 0; v < inputVectors.Length; v++)
            {
                Vector.Widen(inputVectors[v], out var low, out var high);
                outputVectors[2 * v] = Vector.ShiftLeft(low, 16);
                outputVectors[2 * v + 1] = Vector.ShiftLeft(high, 16);
            }
            i = inputVectors.Length * Vector<ushort>.Count;
        }
        for (; i < input.Length; i++) outputBits[i] = (uint)input[i] << 16;
    }

    /// <summary>fp32 to bfloat16, rounding to nearest even; NaN stays a (quiet) NaN.</summary>
    public static ushort FloatToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x0040);
        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }

    /// <summary>fp32 to IEEE half; .NET's conversion already rounds to nearest even.</summary>
    public static ushort FloatToHalf(float value) => BitConverter.HalfToUInt16Bits((Half)value);
}
