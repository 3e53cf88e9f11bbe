using System.Buffers.Binary;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// The 12-byte header every codec writes first, little-endian:
/// <c>[0]='S' [1]='W' [2]=format version (1) [3]=codec tag [4..8)=rows int32 [8..12)=cols int32</c>.
/// It makes an encoding self-describing and lets a decoder reject bytes written by another codec.
/// </summary>
internal static class ActivationHeader
{
    public const int Size = 12;

    private const byte MagicS = (byte)'S';
    private const byte MagicW = (byte)'W';
    private const byte FormatVersion = 1;

    /// <summary>Checks that Encode's shape is non-negative and matches the number of values.</summary>
    public static void ValidateEncodeArguments(int valueCount, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        long elements = (long)rows * cols;
        if (elements != valueCount)
        {
            throw new ArgumentException(
                $"activation has {valueCount} values but rows * cols = {rows} * {cols} = {elements}", "values");
        }
    }

    /// <summary>Allocates the output array, refusing sizes a .NET array cannot hold.</summary>
    public static byte[] Allocate(long totalBytes, int rows, int cols)
    {
        if (totalBytes > Array.MaxLength)
        {
            throw new ArgumentException(
                $"a {rows} x {cols} activation needs {totalBytes} encoded bytes, more than one array can hold");
        }

        return new byte[totalBytes];
    }

    public static void Write(Span<byte> destination, ActivationCodecTag tag, int rows, int cols)
    {
        destination[0] = MagicS;
        destination[1] = MagicW;
        destination[2] = FormatVersion;
        destination[3] = (byte)tag;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], rows);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], cols);
    }

    /// <summary>
    /// Validates the header against the expected codec and returns the shape. The payload length is
    /// checked separately (<see cref="RequireLength"/>) because only the codec knows it.
    /// </summary>
    public static (int Rows, int Cols) Read(ReadOnlySpan<byte> encoded, ActivationCodecTag expected, string codec)
    {
        if (encoded.Length < Size)
        {
            throw new CorruptActivationException(codec, $"{encoded.Length} bytes is shorter than the {Size}-byte header");
        }

        if (encoded[0] != MagicS || encoded[1] != MagicW)
        {
            throw new CorruptActivationException(codec, $"bad magic 0x{encoded[0]:X2}{encoded[1]:X2}, expected 'SW'");
        }

        if (encoded[2] != FormatVersion)
        {
            throw new CorruptActivationException(codec, $"unsupported format version {encoded[2]}, expected {FormatVersion}");
        }

        var tag = (ActivationCodecTag)encoded[3];
        if (tag != expected)
        {
            string writer = Enum.IsDefined(tag) ? $"codec '{tag.ToString().ToLowerInvariant()}'" : $"unknown codec tag {encoded[3]}";
            throw new CorruptActivationException(codec, $"bytes were written by {writer}");
        }

        int rows = BinaryPrimitives.ReadInt32LittleEndian(encoded[4..]);
        int cols = BinaryPrimitives.ReadInt32LittleEndian(encoded[8..]);
        if (rows < 0 || cols < 0)
        {
            throw new CorruptActivationException(codec, $"negative shape {rows} x {cols}");
        }

        if ((long)rows * cols > Array.MaxLength)
        {
            throw new CorruptActivationException(codec, $"shape {rows} x {cols} has more elements than an array can hold");
        }

        return (rows, cols);
    }

    public static void RequireLength(ReadOnlySpan<byte> encoded, long expectedBytes, int rows, int cols, string codec)
    {
        if (encoded.Length != expectedBytes)
        {
            throw new CorruptActivationException(
                codec, $"a {rows} x {cols} activation is {expectedBytes} bytes, got {encoded.Length}");
        }
    }
}
