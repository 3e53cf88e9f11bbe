using Splitwise.Inference.Codecs;

namespace Splitwise.Inference.Tests.Codecs;

/// <summary>Seeded activations and the error bounds each codec promises.</summary>
internal static class ActivationTestData
{
    // Zero, tiny, ordinary and huge rows: per-row scales must cope with all of them side by side.
    public static readonly float[] WideRowMagnitudes = [0f, 1e-30f, 1e-6f, 1e-2f, 1f, 3f, 1e3f, 1e30f];

    // Rows inside half's normal range, for the fp16 relative-error test.
    public static readonly float[] HalfRangeRowMagnitudes = [1e-3f, 1e-1f, 1f, 7f, 300f, 6e4f];

    public static float[] Rows(int seed, int rows, int cols, float[] rowMagnitudes)
    {
        var random = new Random(seed);
        var values = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            float magnitude = rowMagnitudes[(r + seed) % rowMagnitudes.Length];
            for (int c = 0; c < cols; c++)
            {
                values[r * cols + c] = magnitude * (float)(random.NextDouble() * 2 - 1);
            }
        }

        return values;
    }

    public static double AbsMax(ReadOnlySpan<float> row)
    {
        double max = 0;
        foreach (float value in row)
        {
            max = Math.Max(max, Math.Abs((double)value));
        }

        return max;
    }

    /// <summary>
    /// |x - decoded| &lt;= absmax / (2 * maxLevel), plus 2^-20 relative slack for fp32 rounding of
    /// the scale and the products, plus the flush-to-zero floor for rows with a subnormal scale.
    /// </summary>
    public static void AssertWithinQuantizationBound(float[] original, Activation decoded, int rows, int cols, int maxLevel)
    {
        double flushFloor = maxLevel * Math.Pow(2, -126);
        for (int r = 0; r < rows; r++)
        {
            double absMax = AbsMax(original.AsSpan(r * cols, cols));
            double bound = absMax / (2.0 * maxLevel) + absMax * Math.Pow(2, -20) + flushFloor;
            for (int c = 0; c < cols; c++)
            {
                int i = r * cols + c;
                double error = Math.Abs((double)original[i] - decoded.Values[i]);
                // Only build the message on failure: the property test checks a million elements.
                if (!(error <= bound))
                {
                    Assert.Fail($"[{r},{c}] of {rows}x{cols}: {original[i]} decoded as {decoded.Values[i]}, error {error} > bound {bound}");
                }
            }
        }
    }

    /// <summary>Round-to-nearest half: relative error 2^-11 in the normal range, half a subnormal step below it.</summary>
    public static void AssertWithinHalfBound(float[] original, Activation decoded)
    {
        double smallestNormalHalf = Math.Pow(2, -14);
        for (int i = 0; i < original.Length; i++)
        {
            double x = original[i];
            double error = Math.Abs(x - decoded.Values[i]);
            double bound = Math.Abs(x) >= smallestNormalHalf ? Math.Abs(x) * Math.Pow(2, -11) : Math.Pow(2, -25);
            if (!(error <= bound))
            {
                Assert.Fail($"[{i}]: {x} decoded as {decoded.Values[i]}, error {error} > bound {bound}");
            }
        }
    }

    public static byte[] Header(byte tag, int rows, int cols)
    {
        var header = new byte[12];
        header[0] = (byte)'S';
        header[1] = (byte)'W';
        header[2] = 1;
        header[3] = tag;
        BitConverter.TryWriteBytes(header.AsSpan(4), rows);
        BitConverter.TryWriteBytes(header.AsSpan(8), cols);
        return header;
    }
}
