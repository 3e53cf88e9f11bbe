using System.Buffers.Binary;
using Orleans.Storage;

namespace Splitwise.Grains.Storage;

/// <summary>
/// Grain state as one file per grain under <paramref name="directory"/>: an 8-byte ETag counter, then the state as
/// <paramref name="serializer"/> writes it. A write goes to a temporary file renamed over the old one, so a host
/// killed mid-write leaves the previous state whole. Orleans 10 ships no file provider; memory storage dies with
/// the host, which is what made the plan fall back to all-edge when the edge host was killed.
/// </summary>
public sealed class FileGrainStorage(string directory, IGrainStorageSerializer serializer) : IGrainStorage
{
    public string Directory { get; } = directory;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        grainState.ETag = EtagOf(bytes);
        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes.AsMemory(sizeof(long))));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var current = await StoredEtag(path);
        Check(current, grainState.ETag, stateName, grainId);
        var next = (current is null ? 0 : long.Parse(current, System.Globalization.CultureInfo.InvariantCulture)) + 1;
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var bytes = new byte[sizeof(long) + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, next);
        payload.CopyTo(bytes.AsMemory(sizeof(long)));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        Check(await StoredEtag(path), grainState.ETag, stateName, grainId);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The file holding a grain's state: directory/state name/grain id, each escaped to a safe file name.</summary>
    public string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(Directory, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()) + ".state");

    private static async Task<string?> StoredEtag(string path)
    {
        if (!File.Exists(path))
            return null;
        var head = new byte[sizeof(long)];
        await using var file = File.OpenRead(path);
        await file.ReadExactlyAsync(head);
        return EtagOf(head);
    }

    private static string EtagOf(byte[] bytes) =>
        BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Check(string? stored, string? expected, string stateName, GrainId grainId)
    {
        if (stored != expected)
            throw new InconsistentStateException($"state '{stateName}' of {grainId} was written elsewhere (stored ETag {stored ?? "none"}, expected {expected ?? "none"})", stored, expected);
    }
}
