using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

public class Fp16ActivationCodecTests
{
    private readonly Fp16ActivationCodec codec = new();

    [Fact]
    public void RelativeErrorIsAtMostHalfAnUlpOfHalf()
    {
        float[] values = ActivationTestData.Rows(seed: 2, rows: 12, cols: 65, ActivationTestData.HalfRangeRowMagnitudes);

        Activation decoded = codec.Decode(codec.Encode(values, 12, 65));

        Assert.Equal((12, 65), (decoded.Rows, decoded.Cols));
        ActivationTestData.AssertWithinHalfBound(values, decoded);
    }

    [Fact]
    public void TinyValuesStayWithinHalfASubnormalStep()
    {
        float[] values = ActivationTestData.Rows(seed: 3, rows: 4, cols: 50, [1e-5f, 1e-7f, 1e-30f, 0f]);

        ActivationTestData.AssertWithinHalfBound(values, codec.Decode(codec.Encode(values, 4, 50)));
    }

    [Fact]
    public void FiniteValuesBeyondHalfRangeSaturateInsteadOfBecomingInfinite()
    {
        float[] values = [1e6f, -1e6f, 65519f, 65520f, -70000f, float.MaxValue, float.MinValue, 65504f];

        float[] decoded = codec.Decode(codec.Encode(values, 1, values.Length)).Values;

        Assert.Equal([65504f, -65504f, 65504f, 65504f, -65504f, 65504f, -65504f, 65504f], decoded);
    }

    [Fact]
    public void InfinitiesNaNAndNegativeZeroAreKept()
    {
        float[] values = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f];

        float[] decoded = codec.Decode(codec.Encode(values, 2, 2)).Values;

        Assert.Equal(float.PositiveInfinity, decoded[0]);
        Assert.Equal(float.NegativeInfinity, decoded[1]);
        Assert.True(float.IsNaN(decoded[2]));
        Assert.True(float.IsNegative(decoded[3]) && decoded[3] == 0f);
    }

    [Fact]
    public void TiesRoundToEven()
    {
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: the even neighbour is 1.
        // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: the even neighbour is 1 + 2^-9.
        float[] values = [1f + MathF.Pow(2, -11), 1f + 3 * MathF.Pow(2, -11)];

        float[] decoded = codec.Decode(codec.Encode(values, 1, 2)).Values;

        Assert.Equal([1f, 1f + MathF.Pow(2, -9)], decoded);
    }

    [Fact]
    public void LayoutIsHeaderThenLittleEndianHalves()
    {
        byte[] encoded = codec.Encode([1f, -2f], 1, 2);

        byte[] expected = [.. ActivationTestData.Header(tag: 2, rows: 1, cols: 2), 0x00, 0x3C, 0x00, 0xC0];
        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 1)]
    [InlineData(3, 767)]
    public void EncodedSizeIsHeaderPlusTwoBytesPerValue(int rows, int cols)
    {
        byte[] encoded = codec.Encode(new float[rows * cols], rows, cols);

        Assert.Equal(12 + rows * cols * 2, encoded.Length);
        Assert.Equal(encoded.Length, Fp16ActivationCodec.EncodedLength(rows, cols));
    }
}
