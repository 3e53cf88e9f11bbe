using System.IO.MemoryMappedFiles;

namespace Splitwise.Inference.Formats;

/// <summary>
/// A read-only memory map of a whole model file. The OS pages in only what a read touches, so
/// opening a multi-GB checkpoint costs nothing and a sub-block's slice costs only its bytes.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? map;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* start;
    private bool disposed;

    public MappedFile(string path)
    {
        Path = path;
        Length = new FileInfo(path).Length;
        // An empty file cannot be mapped; callers see Length == 0 and report truncation.
        if (Length == 0) return;
        map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        start = pointer + view.PointerOffset;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Address of byte <paramref name="offset"/>; the caller has checked the range.</summary>
    public byte* At(long offset)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return start + offset;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
        }
        map?.Dispose();
    }
}
