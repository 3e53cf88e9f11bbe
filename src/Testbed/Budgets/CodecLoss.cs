namespace Splitwise.Testbed.Budgets;

/// <summary>
/// What each boundary codec costs in accuracy: held-out bits per byte over the uncompressed (fp32) model, measured by
/// `bench codecs` (see README, "World"), which applies the codec at every layer boundary of the bundled GPT-2 (6 layers, 5 boundaries).
/// Measured with `dotnet run --project src/Cli -c Release -- bench codecs --windows 32` (32 held-out windows of 256
/// bytes: fp32 2.1117, fp16 2.1117, int8 2.1129, int4 2.4577 bits/byte). A
/// token whose plan crosses the link at least once is charged the whole figure (an upper estimate for plans that
/// cross at fewer boundaries, and a figure from the bundled model standing in for the paper models).
/// </summary>
public static class CodecLoss
{
    private static readonly Dictionary<string, double> Measured = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fp32"] = 0,
        // 2.1116915 vs 2.1116927: no loss measurable.
        ["fp16"] = 0,
        ["int8"] = 2.11290274988689 - 2.1116926610710496,
        ["int4"] = 2.4576540136758336 - 2.1116926610710496,
    };

    /// <summary>Bits per byte lost by a token that crosses the link in <paramref name="codec"/>.</summary>
    /// <exception cref="ArgumentException">a codec `bench codecs` did not measure.</exception>
    public static double BitsPerByte(string codec) =>
        Measured.TryGetValue(codec, out var loss) ? loss : throw new ArgumentException($"no measured loss for codec '{codec}'; known: {string.Join(", ", Measured.Keys)}");
}
