using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

public class Int4ActivationCodecTests
{
    private readonly Int4ActivationCodec codec = new();

    [Theory]
    [InlineData(21, 1)]
    [InlineData(22, 2)]
    [InlineData(23, 63)]
    [InlineData(24, 257)]
    [InlineData(25, 4097)] // wider than the stack scratch buffer
    public void ErrorIsAtMostAbsMaxOver14PerRow(int seed, int cols)
    {
        const int rows = 10;
        float[] values = ActivationTestData.Rows(seed, rows, cols, ActivationTestData.WideRowMagnitudes);

        Activation decoded = codec.Decode(codec.Encode(values, rows, cols));

        Assert.Equal((rows, cols), (decoded.Rows, decoded.Cols));
        ActivationTestData.AssertWithinQuantizationBound(values, decoded, rows, cols, maxLevel: 7);
    }

    [Fact]
    public void EvenElementIsLowNibbleOddElementHighNibbleAndOddRowsArePadded()
    {
        // Both rows have absmax 7, so scale 1 and the levels equal the values.
        float[] values = [7f, -3f, 1f, -7f, 0f, 7f];

        byte[] encoded = codec.Encode(values, 2, 3);

        byte[] expected =
        [
            .. ActivationTestData.Header(tag: 4, rows: 2, cols: 3),
            0x00, 0x00, 0x80, 0x3F, // row 0 scale 1.0f
            0x00, 0x00, 0x80, 0x3F, // row 1 scale 1.0f
            0xD7, 0x01,             // row 0: 7 low, -3 (0xD) high; then 1 and a zero pad nibble
            0x09, 0x07,             // row 1: -7 (0x9) low, 0 high; then 7 and the pad
        ];
        Assert.Equal(expected, encoded);
        Assert.Equal(values, codec.Decode(encoded).Values);
    }

    [Fact]
    public void ZeroRowsAndSubnormalRowsDecodeToZeros()
    {
        float[] values = [0f, 0f, 0f, 1e-38f, -1e-39f, float.Epsilon];

        Assert.Equal(new float[6], codec.Decode(codec.Encode(values, 2, 3)).Values);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteInputThrowsNamingRowAndColumn(float bad)
    {
        float[] values = new float[3 * 9];
        values[1 * 9 + 8] = bad;

        var error = Assert.Throws<ArgumentException>(() => codec.Encode(values, 3, 9));

        Assert.Contains("row 1, column 8", error.Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(4, 256)]
    [InlineData(5, 257)]
    public void EncodedSizeIsHeaderPlusRowScalesPlusHalfAByteRoundedUpPerRow(int rows, int cols)
    {
        byte[] encoded = codec.Encode(new float[rows * cols], rows, cols);

        Assert.Equal(12 + rows * 4 + rows * ((cols + 1) / 2), encoded.Length);
        Assert.Equal(encoded.Length, Int4ActivationCodec.EncodedLength(rows, cols));
    }
}
