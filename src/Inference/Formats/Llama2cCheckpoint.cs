using System.Buffers.Binary;
using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// A Karpathy llama2.c checkpoint (run.c's fp32 format), memory-mapped, exposed under Hugging Face
/// LLaMA names so that one model implementation serves both formats.
/// </summary>
/// <remarks>
/// Version 0 (legacy, 28-byte header, negative vocab_size = unshared classifier) and version 1
/// ("ak42" magic, 256-byte header) are read; version 2 (int8) is not. q_proj/k_proj rows are
/// reordered on read as Hugging Face's converter does (<see cref="RotaryPermutation"/>), so the
/// rotate-half RoPE kernel applies; <c>lm_head.weight</c> is the embedding when shared.
/// </remarks>
public sealed class Llama2cCheckpoint : ITensorSource
{
    private readonly MappedFile file;
    private readonly Dictionary<string, Llama2cSegment> segments;

    public Llama2cCheckpoint(string path)
    {
        Fp32Conversion.EnsureLittleEndian();
        file = new MappedFile(path);
        try
        {
            (Header, Version) = ReadHeader(file);
            Header.Validate(path);
            long expectedLength;
            try
            {
                expectedLength = Llama2cLayout.FileLength(Header, Version);
            }
            catch (OverflowException)
            {
                throw new CorruptModelFileException(path, $"llama2.c header {Header} describes an impossibly large model");
            }
            if (file.Length < expectedLength) throw new TruncatedFileException(path, expectedLength, file.Length);
            // Extra bytes mean the header does not describe this file (e.g. a wrong shared-classifier sign).
            if (file.Length > expectedLength)
                throw new CorruptModelFileException(path,
                    $"{file.Length - expectedLength} bytes beyond the {expectedLength} that header {Header} describes");
            segments = Llama2cLayout.Segments(Header, Version).Where(Llama2cLayout.IsExposed).ToDictionary(s => s.Name, StringComparer.Ordinal);
            if (Header.SharedClassifier)
                segments["lm_head.weight"] = segments["model.embed_tokens.weight"] with { Name = "lm_head.weight" };
            Names = Header.TensorShapes().Select(t => t.Name).ToArray();
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

    public Llama2cHeader Header { get; }

    /// <summary>0 (legacy) or 1.</summary>
    public int Version { get; }

    public IReadOnlyCollection<string> Names { get; }

    public bool Contains(string name) => segments.ContainsKey(name);

    public TensorInfo Info(string name) => new(name, TensorDType.F32, Segment(name).Shape.ToArray());

    public torch.Tensor ReadRows(string name, long start, long count)
    {
        var segment = Segment(name);
        return MappedTensorSlicer.ReadRows(file, segment.Offset, Info(name), start, count, StoredRow(segment));
    }

    public torch.Tensor ReadColumns(string name, long start, long count)
    {
        var segment = Segment(name);
        return MappedTensorSlicer.ReadColumns(file, segment.Offset, Info(name), start, count, StoredRow(segment));
    }

    /// <summary>The whole tensor.</summary>
    public torch.Tensor Read(string name) => ReadRows(name, 0, Segment(name).Shape[0]);

    public void Dispose() => file.Dispose();

    private Llama2cSegment Segment(string name) =>
        segments.TryGetValue(name, out var segment) ? segment : throw new MissingTensorException(Path, name);

    private Func<long, long>? StoredRow(Llama2cSegment segment)
    {
        if (segment.RopeHeads is null) return null;
        int headSize = Header.HeadSize;
        return row => RotaryPermutation.InterleavedRowOf(row, headSize);
    }

    private static unsafe (Llama2cHeader, int) ReadHeader(MappedFile file)
    {
        if (file.Length < Llama2cLayout.LegacyHeaderBytes)
            throw new TruncatedFileException(file.Path, Llama2cLayout.LegacyHeaderBytes, file.Length);
        byte[] bytes = new ReadOnlySpan<byte>(file.At(0), (int)Math.Min(file.Length, Llama2cLayout.VersionedHeaderBytes)).ToArray();
        int Int(int index) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * index));

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Llama2cLayout.Magic)
        {
            int vocab = Int(5);
            // Negative vocab_size is version 0's flag for an unshared classifier stored at the end.
            var legacy = new Llama2cHeader(Int(0), Int(1), Int(2), Int(3), Int(4), vocab == int.MinValue ? 0 : Math.Abs(vocab), Int(6), vocab > 0);
            return (legacy, 0);
        }
        if (file.Length < Llama2cLayout.VersionedHeaderBytes)
            throw new TruncatedFileException(file.Path, Llama2cLayout.VersionedHeaderBytes, file.Length);
        int version = Int(1);
        if (version != 1)
            throw new CorruptModelFileException(file.Path,
                $"llama2.c checkpoint version {version} is not supported (only 0 and 1, fp32)");
        var header = new Llama2cHeader(Int(2), Int(3), Int(4), Int(5), Int(6), Int(7), Int(8), bytes[36] != 0);
        return (header, version);
    }
}
