using System.Runtime.InteropServices;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Symmetric int8 with one absmax scale per row (token): scale = absmax / 127, levels in [-127, 127]
/// (round half to even), so |x - decoded| &lt;= absmax / 254 plus fp32 rounding.
/// <para>Layout: 12-byte header, then rows fp32 scales (little-endian), then rows * cols signed bytes, row-major.</para>
/// <para>
/// An all-zero row has scale 0 and decodes to +0. A row whose scale would be subnormal
/// (absmax &lt; 127 * 2^-126 ≈ 1.5e-36) is flushed the same way. NaN or ±Inf anywhere in a row throws
/// <see cref="ArgumentException"/> naming the row and column: there is no meaningful scale for it,
/// and silently zeroing or clamping would hide the upstream bug.
/// </para>
/// </summary>
public sealed class Int8ActivationCodec : IActivationCodec
{
    private const int MaxLevel = 127;

    public string Name => "int8";

    public static long EncodedLength(int rows, int cols) =>
        ActivationHeader.Size + (long)rows * sizeof(float) + (long)rows * cols;

    public byte[] Encode(ReadOnlySpan<float> values, int rows, int cols)
    {
        ActivationHeader.ValidateEncodeArguments(values.Length, rows, cols);
        byte[] encoded = ActivationHeader.Allocate(EncodedLength(rows, cols), rows, cols);
        ActivationHeader.Write(encoded, ActivationCodecTag.Int8, rows, cols);

        Span<byte> scales = encoded.AsSpan(ActivationHeader.Size, rows * sizeof(float));
        Span<sbyte> levels = MemoryMarshal.Cast<byte, sbyte>(encoded.AsSpan(ActivationHeader.Size + scales.Length));
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = values.Slice(r * cols, cols);
            float scale = RowQuantizer.ScaleOf(row, r, MaxLevel, Name);
            RowQuantizer.WriteScale(scales, r, scale);
            if (scale != 0f)
            {
                RowQuantizer.Quantize(row, scale, MaxLevel, levels.Slice(r * cols, cols));
            }
        }

        return encoded;
    }

    public Activation Decode(ReadOnlySpan<byte> encoded)
    {
        var (rows, cols) = ActivationHeader.Read(encoded, ActivationCodecTag.Int8, Name);
        ActivationHeader.RequireLength(encoded, EncodedLength(rows, cols), rows, cols, Name);

        ReadOnlySpan<byte> scales = encoded.Slice(ActivationHeader.Size, rows * sizeof(float));
        ReadOnlySpan<sbyte> levels = MemoryMarshal.Cast<byte, sbyte>(encoded[(ActivationHeader.Size + scales.Length)..]);
        var values = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            float scale = RowQuantizer.ReadScale(scales, r, Name);
            if (scale != 0f)
            {
                RowQuantizer.Dequantize(levels.Slice(r * cols, cols), scale, values.AsSpan(r * cols, cols));
            }
        }

        return new Activation(values, rows, cols);
    }
}
