using System.Buffers.Binary;
using System.Text;
using Splitwise.Inference.Formats;

namespace Splitwise.Inference.Tokenizers;

/// <summary>
/// llama2.c's <c>tokenizer.bin</c>: int32 max_token_length, then per token a float32 score, an
/// int32 byte length and the bytes (little-endian). The file does not record the vocabulary size
/// (run.c takes it from the checkpoint), so without one every entry up to the end is read.
/// </summary>
public static class Llama2cTokenizerFile
{
    public static Llama2cTokenizer Read(string path, int? vocabSize = null)
    {
        if (vocabSize is <= 0) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "must be positive");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4) throw new TruncatedFileException(path, 4, bytes.Length);
        int maxTokenLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (maxTokenLength < 0)
            throw new CorruptModelFileException(path, $"max_token_length is {maxTokenLength}");

        var vocabulary = new List<(byte[], float)>();
        long offset = 4;
        while (vocabSize is null ? offset < bytes.Length : vocabulary.Count < vocabSize)
        {
            if (offset + 8 > bytes.Length) throw new TruncatedFileException(path, offset + 8, bytes.Length);
            float score = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)offset));
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)offset + 4));
            if (length < 0)
                throw new CorruptModelFileException(path, $"token {vocabulary.Count} has length {length}");
            offset += 8;
            if (offset + length > bytes.Length) throw new TruncatedFileException(path, offset + length, bytes.Length);
            vocabulary.Add((bytes.AsSpan((int)offset, length).ToArray(), score));
            offset += length;
        }
        if (vocabulary.Count == 0) throw new CorruptModelFileException(path, "no tokens");
        return new Llama2cTokenizer(vocabulary, maxTokenLength);
    }

    /// <summary>Writes a vocabulary in run.c's layout (for tests and hand-made vocabularies).</summary>
    public static void Write(string path, IReadOnlyList<(byte[] Piece, float Score)> vocabulary)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(vocabulary.Count == 0 ? 0 : vocabulary.Max(v => v.Piece.Length));
        foreach (var (piece, score) in vocabulary)
        {
            writer.Write(score);
            writer.Write(piece.Length);
            writer.Write(piece);
        }
    }

    /// <summary>Writes text pieces, UTF-8 encoded.</summary>
    public static void Write(string path, IReadOnlyList<(string Piece, float Score)> vocabulary) =>
        Write(path, vocabulary.Select(v => (Encoding.UTF8.GetBytes(v.Piece), v.Score)).ToList());
}
