using System.Buffers.Binary;
using TorchSharp;

namespace Splitwise.Inference.Models;

/// <summary>
/// A <see cref="KvCache"/> as bytes, so a sub-block's per-session state can move with it between silos.
/// Layout, little-endian: int32 heads, capacity, headDim, length, then keys and values [heads, length, hd] fp32.
/// </summary>
public static class KvCacheSnapshot
{
    private const int HeaderSize = 16;

    public static byte[] ToBytes(KvCache cache)
    {
        using var scope = torch.NewDisposeScope();
        var (k, v) = cache.Filled;
        var heads = (int)k.shape[0];
        var headDim = (int)k.shape[2];
        var kBytes = k.contiguous().bytes;
        var vBytes = v.contiguous().bytes;
        var bytes = new byte[HeaderSize + kBytes.Length + vBytes.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, heads);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], cache.Capacity);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], headDim);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], cache.Length);
        kBytes.CopyTo(span[HeaderSize..]);
        vBytes.CopyTo(span[(HeaderSize + kBytes.Length)..]);
        return bytes;
    }

    /// <exception cref="ArgumentException">the bytes are not a snapshot (wrong size for their header).</exception>
    public static KvCache FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize)
            throw new ArgumentException($"a KV cache snapshot needs at least {HeaderSize} bytes, got {bytes.Length}");
        var heads = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var capacity = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var headDim = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        var half = (long)heads * length * headDim * sizeof(float);
        if (heads <= 0 || headDim <= 0 || length < 0 || length > capacity || bytes.Length != HeaderSize + 2 * half)
            throw new ArgumentException($"corrupt KV cache snapshot: {heads} heads x {length}/{capacity} x {headDim} in {bytes.Length} bytes");

        var cache = new KvCache(heads, capacity, headDim);
        if (length == 0)
            return cache;
        using var scope = torch.NewDisposeScope();
        var k = torch.empty(heads, length, headDim);
        var v = torch.empty(heads, length, headDim);
        bytes.Slice(HeaderSize, (int)half).CopyTo(k.bytes);
        bytes.Slice(HeaderSize + (int)half, (int)half).CopyTo(v.bytes);
        cache.Append(k, v);
        return cache;
    }
}
