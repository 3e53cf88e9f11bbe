using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

public class Int8ActivationCodecTests
{
    private readonly Int8ActivationCodec codec = new();

    [Theory]
    [InlineData(11, 1)]
    [InlineData(16, 64)]
    [InlineData(13, 257)]
    [InlineData(8, 1024)]
    public void ErrorIsAtMostAbsMaxOver254PerRow(int seed, int cols)
    {
        const int rows = 16;
        float[] values = ActivationTestData.Rows(seed, rows, cols, ActivationTestData.WideRowMagnitudes);

        Activation decoded = codec.Decode(codec.Encode(values, rows, cols));

        Assert.Equal((rows, cols), (decoded.Rows, decoded.Cols));
        ActivationTestData.AssertWithinQuantizationBound(values, decoded, rows, cols, maxLevel: 127);
    }

    [Fact]
    public void RowAbsMaxIsReproducedExactlyAndZeroRowsDecodeToZeros()
    {
        float[] values = [0f, 0f, -0f, 5f, -10f, 2.5f];

        float[] decoded = codec.Decode(codec.Encode(values, 2, 3)).Values;

        Assert.Equal([0f, 0f, 0f], decoded[..3]);
        Assert.Equal(-10f, decoded[4]);
    }

    [Fact]
    public void RowsWithSubnormalScaleFlushToZero()
    {
        float[] values = [float.Epsilon, -1e-40f, 1e-37f, 1f, -1f, 0.5f];

        float[] decoded = codec.Decode(codec.Encode(values, 2, 3)).Values;

        Assert.Equal([0f, 0f, 0f, 1f, -1f], decoded[..5]);
    }

    [Fact]
    public void RowsNearFloatMaxStayFinite()
    {
        float[] values = [float.MaxValue, float.MinValue, 1e38f, -3e38f];

        Activation decoded = codec.Decode(codec.Encode(values, 2, 2));

        Assert.All(decoded.Values, value => Assert.True(float.IsFinite(value)));
        ActivationTestData.AssertWithinQuantizationBound(values, decoded, 2, 2, maxLevel: 127);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteInputThrowsNamingRowAndColumn(float bad)
    {
        float[] values = new float[4 * 40];
        values[2 * 40 + 37] = bad;

        var error = Assert.Throws<ArgumentException>(() => codec.Encode(values, 4, 40));

        Assert.Contains("row 2, column 37", error.Message);
    }

    [Fact]
    public void LayoutIsHeaderThenScalesThenSignedBytes()
    {
        // Scale 254 / 127 = 2 is exact, so the levels are exact too.
        byte[] encoded = codec.Encode([2f, -254f, 64f, 0f, 0f, 0f], 2, 3);

        byte[] expected =
        [
            .. ActivationTestData.Header(tag: 3, rows: 2, cols: 3),
            0x00, 0x00, 0x00, 0x40, // row 0 scale 2.0f
            0x00, 0x00, 0x00, 0x00, // row 1 scale 0 (all-zero row)
            0x01, 0x81, 0x20,       // 1, -127, 32
            0x00, 0x00, 0x00,
        ];
        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(5, 0)]
    [InlineData(7, 257)]
    public void EncodedSizeIsHeaderPlusRowScalesPlusOneBytePerValue(int rows, int cols)
    {
        byte[] encoded = codec.Encode(new float[rows * cols], rows, cols);

        Assert.Equal(12 + rows * 4 + rows * cols, encoded.Length);
        Assert.Equal(encoded.Length, Int8ActivationCodec.EncodedLength(rows, cols));
    }
}
