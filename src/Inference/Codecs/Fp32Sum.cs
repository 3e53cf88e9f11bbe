using System.Numerics;
using System.Runtime.InteropServices;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Sums fp32-encoded partials element-wise into one fp32 encoding, in the order given (so the float sum is
/// the same on every run and equals adding them one by one as tensors), without going through tensors:
/// on the fabric's hot path that saves a tensor per partial.
/// </summary>
public static class Fp32Sum
{
    public static byte[] Of(IReadOnlyList<byte[]> partials)
    {
        if (partials.Count == 0)
            throw new ArgumentException("nothing to sum", nameof(partials));
        var first = ActivationCodecs.Fp32.Decode(partials[0]);
        var sum = first.Values;
        for (var i = 1; i < partials.Count; i++)
        {
            var next = ActivationCodecs.Fp32.Decode(partials[i]);
            if (next.Rows != first.Rows || next.Cols != first.Cols)
                throw new ArgumentException($"partial {i} is {next.Rows} x {next.Cols}, the first is {first.Rows} x {first.Cols}", nameof(partials));
            AddInto(sum, next.Values);
        }

        return ActivationCodecs.Fp32.Encode(sum, first.Rows, first.Cols);
    }

    private static void AddInto(float[] sum, float[] values)
    {
        var wide = MemoryMarshal.Cast<float, Vector<float>>(sum.AsSpan());
        var add = MemoryMarshal.Cast<float, Vector<float>>(values.AsSpan());
        for (var i = 0; i < wide.Length; i++)
            wide[i] += add[i];
        for (var i = wide.Length * Vector<float>.Count; i < sum.Length; i++)
            sum[i] += values[i];
    }
}
