using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Orleans.Storage;

namespace Splitwise.Grains.Storage;

/// <summary>
/// Grain state as one file per grain under <paramref name="directory"/>, laid out by <see cref="RecordFile"/>: two
/// slots written in turn, in place, so a host killed mid-write leaves the previous state whole. Orleans 10 ships no
/// file provider; memory storage dies with the host, which is what made the plan fall back to all-edge when the edge
/// host was killed. A session writes its record once per token, so a write costs what it must: open, read the headers
/// (the stored ETag, checked against the caller's), one positioned write, close; a new file, written aside and renamed
/// over the old, only when the state outgrows its slot (a rename over an existing file makes ext4 flush the new one:
/// about 1 ms a write, measured, where the positioned write costs microseconds).
/// </summary>
public sealed class FileGrainStorage(string directory, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, byte> _directories = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await Stored(PathOf(stateName, grainId));
        if (stored is null)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        grainState.ETag = stored.Etag.ToString(CultureInfo.InvariantCulture);
        grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Payload));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var payload = serializer.Serialize(grainState.State).ToMemory();
        long next;
        using (var file = Open(path))
        {
            var (current, capacity) = file is null ? (null, 0) : await Current(file, path);
            Check(current, grainState.ETag, stateName, grainId);
            next = (current ?? 0) + 1;
            if (file is not null && capacity > 0 && RecordFile.Fits(capacity, payload.Length))
            {
                RandomAccess.Write(file, RecordFile.Slot(next, payload.Span), RecordFile.SlotOffset(next, capacity));
                SetWritten(grainState, next);
                return;
            }
        }

        var folder = Path.GetDirectoryName(path)!;
        if (_directories.TryAdd(folder, 0))
            System.IO.Directory.CreateDirectory(folder);
        var temporary = path + ".tmp";
        var fresh = RecordFile.CapacityFor(payload.Length);
        using (var file = CreateFile(temporary, folder))
        {
            RandomAccess.Write(file, RecordFile.Header(fresh), 0);
            RandomAccess.Write(file, RecordFile.Slot(next, payload.Span), RecordFile.SlotOffset(next, fresh));
        }

        File.Move(temporary, path, overwrite: true);
        SetWritten(grainState, next);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        using (var file = Open(path))
            Check(file is null ? null : (await Current(file, path)).Etag, grainState.ETag, stateName, grainId);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The file holding a grain's state: directory/state name/grain id, each escaped to a safe file name.</summary>
    public string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(Directory, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()) + ".state");

    private static void SetWritten<T>(IGrainState<T> grainState, long etag)
    {
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    // The folder was made once by this storage; made again should someone have removed it since.
    private static SafeFileHandle CreateFile(string path, string folder)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        }
        catch (DirectoryNotFoundException)
        {
            System.IO.Directory.CreateDirectory(folder);
            return File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        }
    }

    private static SafeFileHandle? Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    // The stored ETag and slot capacity (0: the first format, rewritten whole) from the headers; the whole file only for the first format.
    private static async Task<(long? Etag, long Capacity)> Current(SafeFileHandle file, string path)
    {
        var heads = new byte[RecordFile.HeaderSize + 2 * RecordFile.SlotHeaderSize];
        var header = heads.AsMemory(0, RecordFile.HeaderSize);
        if (RandomAccess.Read(file, header.Span, 0) == RecordFile.HeaderSize && RecordFile.CapacityOf(header.Span) is { } capacity)
        {
            var slot0 = heads.AsMemory(RecordFile.HeaderSize, RecordFile.SlotHeaderSize);
            var slot1 = heads.AsMemory(RecordFile.HeaderSize + RecordFile.SlotHeaderSize, RecordFile.SlotHeaderSize);
            var n0 = RandomAccess.Read(file, slot0.Span, RecordFile.SlotOffset(0, capacity));
            var n1 = RandomAccess.Read(file, slot1.Span, RecordFile.SlotOffset(1, capacity));
            return (RecordFile.NewestEtag(slot0.Span[..n0], slot1.Span[..n1], capacity), capacity);
        }

        return ((await Stored(path))?.Etag, 0);
    }

    private static async Task<RecordFile.Stored?> Stored(string path)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return RecordFile.Parse(bytes) ?? throw new InconsistentStateException($"the state file {path} holds no whole record (both slots torn or corrupt, or cut short)");
    }

    private static void Check(long? stored, string? expected, string stateName, GrainId grainId)
    {
        var s = stored?.ToString(CultureInfo.InvariantCulture);
        if (s != expected)
            throw new InconsistentStateException($"state '{stateName}' of {grainId} was written elsewhere (stored ETag {s ?? "none"}, expected {expected ?? "none"})", s, expected);
    }
}
