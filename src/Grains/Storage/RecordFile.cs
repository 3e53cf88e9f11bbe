using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;

namespace Splitwise.Grains.Storage;

/// <summary>
/// The layout of one grain's state file: a header (magic, slot capacity), then two slots, each an ETag, a length, a
/// CRC-32 and the state's bytes. Writes alternate slots (ETag n goes to slot n mod 2) and a slot is written in place, so
/// a process killed mid-write leaves the other slot, the previous state, whole; a read takes the valid slot with the
/// higher ETag. A state that outgrows its slot makes a new file (<see cref="Header"/>, then its slot; the empty slot
/// before it is a hole, not written) with room to grow. A file of the
/// first format (an 8-byte ETag, then the state) still reads.
/// </summary>
public static class RecordFile
{
    private const uint Magic = 0x53475753; // "SWGS" little-endian
    public const int HeaderSize = 16;
    public const int SlotHeaderSize = 16;

    /// <summary>The slot capacity for a state of <paramref name="length"/> bytes: the next power of two (so a growing
    /// state is rewritten whole a logarithmic number of times), at least 512 bytes.</summary>
    public static long CapacityFor(int length) => Math.Max(512, (long)BitOperations.RoundUpToPowerOf2((ulong)(SlotHeaderSize + length)));

    public static bool Fits(long capacity, int length) => SlotHeaderSize + (long)length <= capacity;

    /// <summary>Where the slot of <paramref name="etag"/> starts.</summary>
    public static long SlotOffset(long etag, long capacity) => HeaderSize + (etag & 1) * capacity;

    /// <summary>The file header of a new file whose slots hold <paramref name="capacity"/> bytes each.</summary>
    public static byte[] Header(long capacity)
    {
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), capacity);
        return header;
    }

    /// <summary>One slot's bytes: ETag, length, CRC-32 of the state, the state.</summary>
    public static byte[] Slot(long etag, ReadOnlySpan<byte> payload)
    {
        var slot = new byte[SlotHeaderSize + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(slot, etag);
        BinaryPrimitives.WriteInt32LittleEndian(slot.AsSpan(8), payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(12), Crc32.HashToUInt32(payload));
        payload.CopyTo(slot.AsSpan(SlotHeaderSize));
        return slot;
    }

    /// <summary>The state a file holds: its ETag, state bytes and slot capacity (0 for the first format); null when no slot is whole.</summary>
    public static Stored? Parse(byte[] file)
    {
        if (CapacityOf(file) is not { } capacity)
            return file.Length < sizeof(long) ? null : new Stored(BinaryPrimitives.ReadInt64LittleEndian(file), file.AsMemory(sizeof(long)), 0);
        if (capacity < SlotHeaderSize)
            return null;
        Stored? best = null;
        for (var slot = 0L; slot < 2; slot++)
        {
            var offset = HeaderSize + slot * capacity;
            if (offset + SlotHeaderSize > file.Length)
                continue;
            if (SlotAt(file.AsSpan((int)offset), slot, capacity) is not { } head || offset + SlotHeaderSize + head.Length > file.Length)
                continue;
            var (etag, length) = head;
            var payload = file.AsMemory((int)offset + SlotHeaderSize, length);
            if (Crc32.HashToUInt32(payload.Span) != BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)offset + 12)))
                continue;
            if (best is null || etag > best.Etag)
                best = new Stored(etag, payload, capacity);
        }

        return best;
    }

    /// <summary>The slot capacity a file header gives; null when the header is not of this layout (a first-format file).</summary>
    public static long? CapacityOf(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic ? BinaryPrimitives.ReadInt64LittleEndian(header[8..]) : null;

    /// <summary>
    /// The ETag of the newest slot whose header is plausible, from the two slot headers alone (no checksum: a write is
    /// one positioned write, so a slot whose header made it holds its state); null when neither is.
    /// </summary>
    public static long? NewestEtag(ReadOnlySpan<byte> slot0, ReadOnlySpan<byte> slot1, long capacity)
    {
        var e0 = SlotAt(slot0, 0, capacity)?.Etag ?? 0;
        var e1 = SlotAt(slot1, 1, capacity)?.Etag ?? 0;
        var newest = Math.Max(e0, e1);
        return newest > 0 ? newest : null;
    }

    // A slot header's ETag and length when they can be this slot's: a written ETag (>= 1) of its parity, a length that fits.
    private static (long Etag, int Length)? SlotAt(ReadOnlySpan<byte> bytes, long slot, long capacity)
    {
        if (bytes.Length < SlotHeaderSize)
            return null;
        var etag = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        return etag >= 1 && (etag & 1) == slot && length >= 0 && SlotHeaderSize + (long)length <= capacity ? (etag, length) : null;
    }

    public sealed record Stored(long Etag, ReadOnlyMemory<byte> Payload, long Capacity);
}
