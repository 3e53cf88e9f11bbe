using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

/// <summary>Property-style: every codec keeps its promise for many random shapes from 1x1 to 64x257.</summary>
public class RandomShapeRoundTripTests
{
    private const int Shapes = 150;

    [Theory]
    [InlineData("fp32")]
    [InlineData("fp16")]
    [InlineData("int8")]
    [InlineData("int4")]
    public void RoundTripKeepsShapeSizeAndErrorBound(string name)
    {
        var codec = ActivationCodecs.Get(name);
        var random = new Random(Seed: 20261123);
        for (int shape = 0; shape < Shapes; shape++)
        {
            // The first two shapes are the extremes; the rest are random in between.
            (int rows, int cols) = shape switch
            {
                0 => (1, 1),
                1 => (64, 257),
                _ => (random.Next(1, 65), random.Next(1, 258)),
            };
            float[] magnitudes = name == "fp16" ? ActivationTestData.HalfRangeRowMagnitudes : ActivationTestData.WideRowMagnitudes;
            float[] values = ActivationTestData.Rows(random.Next(), rows, cols, magnitudes);

            byte[] encoded = codec.Encode(values, rows, cols);
            Activation decoded = codec.Decode(encoded);

            Assert.Equal(ExpectedSize(name, rows, cols), encoded.Length);
            Assert.Equal((rows, cols, rows * cols), (decoded.Rows, decoded.Cols, decoded.Values.Length));
            switch (name)
            {
                case "fp32": Assert.Equal(values, decoded.Values); break;
                case "fp16": ActivationTestData.AssertWithinHalfBound(values, decoded); break;
                case "int8": ActivationTestData.AssertWithinQuantizationBound(values, decoded, rows, cols, 127); break;
                default: ActivationTestData.AssertWithinQuantizationBound(values, decoded, rows, cols, 7); break;
            }
        }
    }

    // Written out from the documented layouts, not taken from the codecs.
    private static long ExpectedSize(string name, int rows, int cols) => name switch
    {
        "fp32" => 12 + 4L * rows * cols,
        "fp16" => 12 + 2L * rows * cols,
        "int8" => 12 + 4L * rows + (long)rows * cols,
        _ => 12 + 4L * rows + rows * ((cols + 1L) / 2),
    };
}
