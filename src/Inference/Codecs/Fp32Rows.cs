using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Splitwise.Inference.Codecs;

/// <summary>
/// Several fp32 payloads as one stacked tensor and back (a batch of sessions' rows, issue 15): one native tensor and
/// memory copies, where decoding, stacking, narrowing and encoding each payload would cost a handful of native calls
/// per session per sub-block. The bytes are exactly those of <see cref="ActivationCodecs.Fp32"/> payload by payload.
/// </summary>
public static class Fp32Rows
{
    /// <summary>The payloads' rows stacked [sum of rows, cols]; <paramref name="rows"/> receives each payload's rows.</summary>
    public static Tensor Stack(IReadOnlyList<byte[]> encoded, int[] rows)
    {
        if (encoded.Count == 0 || rows.Length != encoded.Count)
            throw new ArgumentException($"{encoded.Count} payloads, {rows.Length} row counts: at least one payload and a count for each");
        var codec = ActivationCodecs.Fp32;
        var cols = -1;
        long total = 0;
        for (var i = 0; i < encoded.Count; i++)
        {
            var (r, c) = ActivationHeader.Read(encoded[i], ActivationCodecTag.Fp32, codec.Name);
            ActivationHeader.RequireLength(encoded[i], Fp32ActivationCodec.EncodedLength(r, c), r, c, codec.Name);
            if (cols >= 0 && c != cols)
                throw new ArgumentException($"payload {i} has {c} columns, the first has {cols}", nameof(encoded));
            (cols, rows[i], total) = (c, r, total + r);
        }

        if (!BitConverter.IsLittleEndian)
            return cat(encoded.Select(e => codec.DecodeToTensor(e)).ToArray(), 0);
        var stacked = empty(total, cols, dtype: ScalarType.Float32, device: CPU);
        if (total * cols == 0)
            return stacked;
        var into = stacked.bytes;
        var offset = 0;
        foreach (var e in encoded)
        {
            var payload = e.AsSpan(ActivationHeader.Size);
            payload.CopyTo(into[offset..]);
            offset += payload.Length;
        }

        return stacked;
    }

    /// <summary>A [sum of rows, cols] tensor split by <paramref name="rows"/>, each part encoded as fp32.</summary>
    public static byte[][] Split(Tensor y, IReadOnlyList<int> rows)
    {
        using var contiguous = y.contiguous();
        var cols = (int)contiguous.shape[^1];
        if (rows.Sum() != contiguous.shape[0])
            throw new ArgumentException($"rows sum to {rows.Sum()}, the tensor has {contiguous.shape[0]}", nameof(rows));
        ReadOnlySpan<float> values = cols == 0 || rows.Sum() == 0 ? [] : MemoryMarshal.Cast<byte, float>(contiguous.bytes);
        var parts = new byte[rows.Count][];
        var offset = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var n = rows[i] * cols;
            parts[i] = ActivationCodecs.Fp32.Encode(values.Slice(offset, n), rows[i], cols);
            offset += n;
        }

        return parts;
    }
}
