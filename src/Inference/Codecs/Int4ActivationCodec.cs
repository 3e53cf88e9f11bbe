using System.Buffers;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Symmetric int4 with one absmax scale per row (token): scale = absmax / 7, levels in [-7, 7]
/// (round half to even), so |x - decoded| &lt;= absmax / 14 plus fp32 rounding.
/// <para>
/// Layout: 12-byte header, then rows fp32 scales (little-endian), then each row packed on its own
/// in ceil(cols / 2) bytes. Within a row, element 2k is the low nibble (bits 0-3) and element 2k+1
/// the high nibble (bits 4-7) of byte k, as 4-bit two's complement. With odd cols the last byte's
/// high nibble is padding (0, ignored on decode). Packing per row rather than across the whole
/// tensor costs at most half a byte per row and keeps every row independently decodable.
/// The encoder never writes level -8 (nibble 0x8); a decoder given one decodes it as -8 * scale.
/// </para>
/// <para>
/// An all-zero row has scale 0 and decodes to +0; so does a row whose scale would be subnormal
/// (absmax &lt; 7 * 2^-126 ≈ 8.2e-38). NaN or ±Inf anywhere in a row throws
/// <see cref="ArgumentException"/> naming the row and column, as for int8.
/// </para>
/// </summary>
public sealed class Int4ActivationCodec : IActivationCodec
{
    private const int MaxLevel = 7;

    // Rows up to this width quantise into a stack buffer; wider ones rent from the pool.
    private const int StackScratchLimit = 4096;

    public string Name => "int4";

    public static long EncodedLength(int rows, int cols) =>
        ActivationHeader.Size + (long)rows * sizeof(float) + (long)rows * PackedRowBytes(cols);

    private static int PackedRowBytes(int cols) => (int)(((long)cols + 1) / 2);

    public byte[] Encode(ReadOnlySpan<float> values, int rows, int cols)
    {
        ActivationHeader.ValidateEncodeArguments(values.Length, rows, cols);
        byte[] encoded = ActivationHeader.Allocate(EncodedLength(rows, cols), rows, cols);
        ActivationHeader.Write(encoded, ActivationCodecTag.Int4, rows, cols);
        if (rows == 0)
        {
            // Nothing to quantise, and a 0 x huge shape must not rent a huge scratch buffer.
            return encoded;
        }

        int rowBytes = PackedRowBytes(cols);
        Span<byte> scales = encoded.AsSpan(ActivationHeader.Size, rows * sizeof(float));
        Span<byte> packed = encoded.AsSpan(ActivationHeader.Size + scales.Length);

        sbyte[]? rented = cols > StackScratchLimit ? ArrayPool<sbyte>.Shared.Rent(cols) : null;
        Span<sbyte> levels = rented is null ? stackalloc sbyte[cols] : rented.AsSpan(0, cols);
        try
        {
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> row = values.Slice(r * cols, cols);
                float scale = RowQuantizer.ScaleOf(row, r, MaxLevel, Name);
                RowQuantizer.WriteScale(scales, r, scale);
                if (scale != 0f)
                {
                    RowQuantizer.Quantize(row, scale, MaxLevel, levels);
                    Pack(levels, packed.Slice(r * rowBytes, rowBytes));
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<sbyte>.Shared.Return(rented);
            }
        }

        return encoded;
    }

    public Activation Decode(ReadOnlySpan<byte> encoded)
    {
        var (rows, cols) = ActivationHeader.Read(encoded, ActivationCodecTag.Int4, Name);
        ActivationHeader.RequireLength(encoded, EncodedLength(rows, cols), rows, cols, Name);

        int rowBytes = PackedRowBytes(cols);
        ReadOnlySpan<byte> scales = encoded.Slice(ActivationHeader.Size, rows * sizeof(float));
        ReadOnlySpan<byte> packed = encoded[(ActivationHeader.Size + scales.Length)..];
        var values = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            float scale = RowQuantizer.ReadScale(scales, r, Name);
            if (scale != 0f)
            {
                Unpack(packed.Slice(r * rowBytes, rowBytes), scale, values.AsSpan(r * cols, cols));
            }
        }

        return new Activation(values, rows, cols);
    }

    private static void Pack(ReadOnlySpan<sbyte> levels, Span<byte> packed)
    {
        int pairs = levels.Length / 2;
        for (int k = 0; k < pairs; k++)
        {
            packed[k] = unchecked((byte)((levels[2 * k] & 0x0F) | (levels[2 * k + 1] << 4)));
        }

        if ((levels.Length & 1) != 0)
        {
            packed[pairs] = (byte)(levels[^1] & 0x0F);
        }
    }

    private static void Unpack(ReadOnlySpan<byte> packed, float scale, Span<float> row)
    {
        int pairs = row.Length / 2;
        for (int k = 0; k < pairs; k++)
        {
            byte b = packed[k];
            row[2 * k] = LowNibble(b) * scale;
            row[2 * k + 1] = HighNibble(b) * scale;
        }

        if ((row.Length & 1) != 0)
        {
            row[^1] = LowNibble(packed[pairs]) * scale;
        }
    }

    // Shifting the nibble to the top of an sbyte and back sign-extends it.
    private static int LowNibble(byte b) => unchecked((sbyte)(b << 4)) >> 4;

    private static int HighNibble(byte b) => unchecked((sbyte)b) >> 4;
}
