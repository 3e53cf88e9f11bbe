using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Lossless: the raw IEEE fp32 bits, little-endian, so NaN payloads, infinities and -0 survive.
/// Layout: 12-byte header, then rows * cols * 4 bytes, row-major.
/// </summary>
public sealed class Fp32ActivationCodec : IActivationCodec
{
    public string Name => "fp32";

    public static long EncodedLength(int rows, int cols) => ActivationHeader.Size + (long)rows * cols * sizeof(float);

    public byte[] Encode(ReadOnlySpan<float> values, int rows, int cols)
    {
        ActivationHeader.ValidateEncodeArguments(values.Length, rows, cols);
        byte[] encoded = ActivationHeader.Allocate(EncodedLength(rows, cols), rows, cols);
        ActivationHeader.Write(encoded, ActivationCodecTag.Fp32, rows, cols);

        Span<byte> payload = encoded.AsSpan(ActivationHeader.Size);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(payload);
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(values), MemoryMarshal.Cast<byte, int>(payload));
        }

        return encoded;
    }

    public Activation Decode(ReadOnlySpan<byte> encoded)
    {
        var (rows, cols) = ActivationHeader.Read(encoded, ActivationCodecTag.Fp32, Name);
        ActivationHeader.RequireLength(encoded, EncodedLength(rows, cols), rows, cols, Name);

        var values = new float[rows * cols];
        ReadOnlySpan<byte> payload = encoded[ActivationHeader.Size..];
        if (BitConverter.IsLittleEndian)
        {
            payload.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(payload), MemoryMarshal.Cast<float, int>(values.AsSpan()));
        }

        return new Activation(values, rows, cols);
    }
}
