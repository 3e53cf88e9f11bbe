namespace Splitwise.Inference.Codecs;

/// <summary>A [rows, cols] fp32 activation, row-major.</summary>
public sealed record Activation(float[] Values, int Rows, int Cols);

/// <summary>
/// Encodes the activation that crosses a tier boundary to bytes and back. The encoding is
/// self-describing (it carries rows and cols), so Decode needs nothing but the bytes.
/// </summary>
public interface IActivationCodec
{
    string Name { get; }

    byte[] Encode(ReadOnlySpan<float> values, int rows, int cols);

    Activation Decode(ReadOnlySpan<byte> encoded);
}
