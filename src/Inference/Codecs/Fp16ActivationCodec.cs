using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// IEEE binary16 (<see cref="Half"/>), round-to-nearest-even. Layout: 12-byte header, then
/// rows * cols * 2 bytes, row-major, each value little-endian.
/// <para>
/// Finite values beyond the half range saturate to ±65504 instead of becoming ±Inf: a large but
/// finite activation must stay finite, or one outlier would poison every later layer. Inputs that
/// are already ±Inf or NaN are kept as ±Inf / NaN so an upstream bug stays visible. Values below
/// the half normal range (|x| &lt; 2^-14) lose precision gradually as half subnormals, down to zero.
/// </para>
/// </summary>
public sealed class Fp16ActivationCodec : IActivationCodec
{
    private const float LargestHalf = 65504f;

    public string Name => "fp16";

    public static long EncodedLength(int rows, int cols) => ActivationHeader.Size + (long)rows * cols * sizeof(ushort);

    public byte[] Encode(ReadOnlySpan<float> values, int rows, int cols)
    {
        ActivationHeader.ValidateEncodeArguments(values.Length, rows, cols);
        byte[] encoded = ActivationHeader.Allocate(EncodedLength(rows, cols), rows, cols);
        ActivationHeader.Write(encoded, ActivationCodecTag.Fp16, rows, cols);

        Span<ushort> payload = MemoryMarshal.Cast<byte, ushort>(encoded.AsSpan(ActivationHeader.Size));
        for (int i = 0; i < values.Length; i++)
        {
            float value = values[i];
            if (float.IsFinite(value) && MathF.Abs(value) > LargestHalf)
            {
                value = MathF.CopySign(LargestHalf, value);
            }

            ushort bits = BitConverter.HalfToUInt16Bits((Half)value);
            payload[i] = BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits);
        }

        return encoded;
    }

    public Activation Decode(ReadOnlySpan<byte> encoded)
    {
        var (rows, cols) = ActivationHeader.Read(encoded, ActivationCodecTag.Fp16, Name);
        ActivationHeader.RequireLength(encoded, EncodedLength(rows, cols), rows, cols, Name);

        var values = new float[rows * cols];
        ReadOnlySpan<ushort> payload = MemoryMarshal.Cast<byte, ushort>(encoded[ActivationHeader.Size..]);
        for (int i = 0; i < values.Length; i++)
        {
            ushort bits = BitConverter.IsLittleEndian ? payload[i] : BinaryPrimitives.ReverseEndianness(payload[i]);
            values[i] = (float)BitConverter.UInt16BitsToHalf(bits);
        }

        return new Activation(values, rows, cols);
    }
}
