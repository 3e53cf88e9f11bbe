using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

public class Fp32ActivationCodecTests
{
    private readonly Fp32ActivationCodec codec = new();

    [Fact]
    public void RoundTripIsBitExactForRandomRows()
    {
        float[] values = ActivationTestData.Rows(seed: 1, rows: 9, cols: 33, ActivationTestData.WideRowMagnitudes);

        Activation decoded = codec.Decode(codec.Encode(values, 9, 33));

        Assert.Equal(9, decoded.Rows);
        Assert.Equal(33, decoded.Cols);
        AssertSameBits(values, decoded.Values);
    }

    [Fact]
    public void RoundTripKeepsNaNPayloadsInfinitiesNegativeZeroAndSubnormals()
    {
        float[] values =
        [
            float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), BitConverter.Int32BitsToSingle(unchecked((int)0xFF80_0001)),
            float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
        ];

        Activation decoded = codec.Decode(codec.Encode(values, 2, 5));

        AssertSameBits(values, decoded.Values);
    }

    [Fact]
    public void LayoutIsHeaderThenLittleEndianFloats()
    {
        byte[] encoded = codec.Encode([1f, -2f], 1, 2);

        byte[] expected = [.. ActivationTestData.Header(tag: 1, rows: 1, cols: 2), 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0];
        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 768)]
    public void EncodedSizeIsHeaderPlusFourBytesPerValue(int rows, int cols)
    {
        byte[] encoded = codec.Encode(new float[rows * cols], rows, cols);

        Assert.Equal(12 + rows * cols * 4, encoded.Length);
        Assert.Equal(encoded.Length, Fp32ActivationCodec.EncodedLength(rows, cols));
    }

    private static void AssertSameBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
        }
    }
}
