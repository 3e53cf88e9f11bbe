using System.Buffers.Binary;
using Splitwise.Grains.Storage;

namespace Splitwise.Grains.Tests.Storage;

public sealed class RecordFileTests
{
    // A new file as the storage writes it: the header, then the ETag's slot (zeros where the storage leaves a hole).
    private static byte[] Compose(long etag, byte[] payload, long capacity)
    {
        var offset = RecordFile.SlotOffset(etag, capacity);
        var file = new byte[offset + RecordFile.SlotHeaderSize + payload.Length];
        RecordFile.Header(capacity).CopyTo(file, 0);
        RecordFile.Slot(etag, payload).CopyTo(file, offset);
        return file;
    }

    private static byte[] Bytes(int n, byte seed) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + seed)).ToArray();

    // A composed file, then ETags after it written in place into their slots, as the storage does.
    private static byte[] Written(long first, int writes, int length)
    {
        var capacity = RecordFile.CapacityFor(length);
        var file = Compose(first, Bytes(length, (byte)first), capacity);
        for (var etag = first + 1; etag < first + writes; etag++)
        {
            var slot = RecordFile.Slot(etag, Bytes(length, (byte)etag));
            var offset = RecordFile.SlotOffset(etag, capacity);
            if (file.Length < offset + slot.Length)
                Array.Resize(ref file, (int)(offset + slot.Length));
            slot.CopyTo(file, offset);
        }

        return file;
    }

    [Fact]
    public void AComposedFileReadsBack()
    {
        var stored = RecordFile.Parse(Compose(7, Bytes(100, 1), RecordFile.CapacityFor(100)));
        Assert.NotNull(stored);
        Assert.Equal(7, stored.Etag);
        Assert.Equal(Bytes(100, 1), stored.Payload.ToArray());
        Assert.True(RecordFile.Fits(stored.Capacity, 100), "the state fits its slot");
        Assert.Equal(512, RecordFile.CapacityFor(100));
        Assert.Equal(4096, RecordFile.CapacityFor(3000));
    }

    [Fact]
    public void TheNewestOfTheTwoSlotsIsRead()
    {
        var stored = RecordFile.Parse(Written(1, 6, 40));
        Assert.Equal(6, stored!.Etag);
        Assert.Equal(Bytes(40, 6), stored.Payload.ToArray());
    }

    [Fact]
    public void ATornNewestSlotFallsBackToThePreviousState()
    {
        var file = Written(1, 6, 40);
        var capacity = RecordFile.CapacityFor(40);
        file[RecordFile.SlotOffset(6, capacity) + RecordFile.SlotHeaderSize + 5] ^= 0xFF;
        var stored = RecordFile.Parse(file);
        Assert.Equal(5, stored!.Etag);
        Assert.Equal(Bytes(40, 5), stored.Payload.ToArray());
    }

    [Fact]
    public void ANewestSlotCutShortFallsBackToThePreviousState()
    {
        // ETag 3 sits in slot 1, the file's end; ETag 2 in slot 0 before it.
        var file = Written(1, 3, 40);
        var capacity = RecordFile.CapacityFor(40);
        var cut = file.AsSpan(0, (int)RecordFile.SlotOffset(3, capacity) + RecordFile.SlotHeaderSize + 10).ToArray();
        Assert.Equal(2, RecordFile.Parse(cut)!.Etag);
    }

    [Fact]
    public void NoWholeSlotReadsAsNothing()
    {
        var file = Written(1, 2, 40);
        var capacity = RecordFile.CapacityFor(40);
        file[RecordFile.SlotOffset(1, capacity) + RecordFile.SlotHeaderSize] ^= 1;
        file[RecordFile.SlotOffset(2, capacity) + RecordFile.SlotHeaderSize] ^= 1;
        Assert.Null(RecordFile.Parse(file));
    }

    [Fact]
    public void TheEmptySlotOfANewFileIsNotARecord()
    {
        // ETag 1 sits in slot 1; slot 0 is zeros (ETag 0, length 0, CRC of nothing = 0) and must not read as a state.
        var file = Compose(1, Bytes(10, 3), RecordFile.CapacityFor(10));
        var capacity = RecordFile.CapacityFor(10);
        file[RecordFile.SlotOffset(1, capacity) + RecordFile.SlotHeaderSize] ^= 1;
        Assert.Null(RecordFile.Parse(file));
    }

    [Fact]
    public void AFileOfTheFirstFormatStillReads()
    {
        var file = new byte[8 + 30];
        BinaryPrimitives.WriteInt64LittleEndian(file, 12);
        Bytes(30, 9).CopyTo(file, 8);
        var stored = RecordFile.Parse(file);
        Assert.Equal(12, stored!.Etag);
        Assert.Equal(0, stored.Capacity);
        Assert.Equal(Bytes(30, 9), stored.Payload.ToArray());
    }

    [Fact]
    public void TheHeadersAloneGiveTheNewestEtag()
    {
        var file = Written(3, 4, 40);
        var capacity = RecordFile.CapacityFor(40);
        var header = file.AsSpan(0, RecordFile.HeaderSize);
        var slot0 = file.AsSpan((int)RecordFile.SlotOffset(0, capacity), RecordFile.SlotHeaderSize);
        var slot1 = file.AsSpan((int)RecordFile.SlotOffset(1, capacity), RecordFile.SlotHeaderSize);
        Assert.Equal(capacity, RecordFile.CapacityOf(header));
        Assert.Equal(6L, RecordFile.NewestEtag(slot0, slot1, capacity));
        Assert.Null(RecordFile.CapacityOf(new byte[RecordFile.HeaderSize]));
        Assert.Null(RecordFile.NewestEtag(new byte[RecordFile.SlotHeaderSize], new byte[RecordFile.SlotHeaderSize], capacity));
    }
}
