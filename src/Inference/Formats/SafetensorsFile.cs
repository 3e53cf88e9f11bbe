using System.Buffers.Binary;
using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// A Hugging Face safetensors file, memory-mapped: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// Reads touch only the requested slice and convert F32, F16 and BF16 to fp32.
/// </summary>
/// <remarks>
/// The whole header is validated at open (JSON, offsets inside the file, byte counts matching
/// shapes for every dtype the spec defines). Tensors of dtypes we cannot convert (I64, F64, ...)
/// do not stop the file from opening, since real checkpoints carry such buffers next to the
/// weights: they are listed in <see cref="Names"/> and throw <see cref="UnknownDTypeException"/>
/// from <see cref="Info"/> and the reads.
/// </remarks>
public sealed class SafetensorsFile : ITensorSource
{
    /// <summary>Default bound on the JSON header: real headers are well under 1 MB.</summary>
    public const ulong DefaultHeaderLimit = 100UL * 1024 * 1024;

    private readonly MappedFile file;
    private readonly Dictionary<string, SafetensorsEntry> entries;
    private readonly long dataStart;

    public SafetensorsFile(string path, ulong headerLimit = DefaultHeaderLimit)
    {
        Fp32Conversion.EnsureLittleEndian();
        file = new MappedFile(path);
        try
        {
            (entries, Metadata, dataStart) = ReadHeader(file, headerLimit);
            // Header order is the file's order; sorted names make listings reproducible.
            Names = entries.Keys.Order(StringComparer.Ordinal).ToArray();
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public string Path => file.Path;

    /// <summary>The file's path: errors about its tensors name it (<see cref="TensorSourceExtensions"/>).</summary>
    public override string ToString() => Path;

    /// <summary>The header's <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IReadOnlyCollection<string> Names { get; }

    public bool Contains(string name) => entries.ContainsKey(name);

    public TensorInfo Info(string name)
    {
        var entry = Entry(name);
        var dtype = entry.DType switch
        {
            "F32" => TensorDType.F32,
            "F16" => TensorDType.F16,
            "BF16" => TensorDType.BF16,
            _ => throw new UnknownDTypeException(Path, name, entry.DType),
        };
        return new TensorInfo(name, dtype, entry.Shape.ToArray());
    }

    public torch.Tensor ReadRows(string name, long start, long count) =>
        MappedTensorSlicer.ReadRows(file, DataOffset(name), Info(name), start, count);

    public torch.Tensor ReadColumns(string name, long start, long count) =>
        MappedTensorSlicer.ReadColumns(file, DataOffset(name), Info(name), start, count);

    /// <summary>The whole tensor as fp32.</summary>
    public torch.Tensor Read(string name) => ReadRows(name, 0, Info(name).Shape.FirstOrDefault(1));

    public void Dispose() => file.Dispose();

    private SafetensorsEntry Entry(string name) =>
        entries.TryGetValue(name, out var entry) ? entry : throw new MissingTensorException(Path, name);

    private long DataOffset(string name) => dataStart + Entry(name).Begin;

    private static unsafe (Dictionary<string, SafetensorsEntry>, IReadOnlyDictionary<string, string>, long) ReadHeader(
        MappedFile file, ulong headerLimit)
    {
        if (file.Length < 8) throw new TruncatedFileException(file.Path, 8, file.Length);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(file.At(0), 8));
        headerLimit = Math.Min(headerLimit, int.MaxValue);
        if (headerLength > headerLimit) throw new HeaderTooLargeException(file.Path, headerLength, headerLimit);
        long dataStart = 8 + (long)headerLength;
        if (dataStart > file.Length) throw new TruncatedFileException(file.Path, dataStart, file.Length);
        var json = new ReadOnlySpan<byte>(file.At(8), (int)headerLength);
        var (entries, metadata) = SafetensorsHeader.Parse(file.Path, json, file.Length - dataStart, dataStart);
        return (entries, metadata, dataStart);
    }
}
