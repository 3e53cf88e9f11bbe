using System.Globalization;
using System.Text;
using Splitwise.Inference.Formats;

namespace Splitwise.Inference.Tokenizers;

/// <summary>
/// The tokenizer of Karpathy's llama2.c (<c>tokenizer.bin</c>: a sentencepiece vocabulary exported
/// with scores), encoding and decoding exactly as run.c's <c>encode</c> and <c>decode</c>.
/// </summary>
/// <remarks>
/// Pieces are byte strings; they are keyed here as Latin-1 strings, a one-to-one byte/char mapping,
/// so concatenating two keys is concatenating their bytes. Where a piece occurs twice the lower id
/// wins (run.c's bsearch leaves that unspecified).
/// </remarks>
public sealed class Llama2cTokenizer : ITextTokenizer
{
    public const int Unknown = 0;
    public const int Bos = 1;
    public const int Eos = 2;

    /// <summary>run.c's byte fallback: byte b is token b + 3, after &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;.</summary>
    private const int ByteFallbackOffset = 3;

    private readonly string[] pieces;
    private readonly float[] scores;
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);

    public Llama2cTokenizer(IReadOnlyList<(byte[] Piece, float Score)> vocabulary, int maxTokenLength)
    {
        pieces = vocabulary.Select(v => Encoding.Latin1.GetString(v.Piece)).ToArray();
        scores = vocabulary.Select(v => v.Score).ToArray();
        for (int id = 0; id < pieces.Length; id++) ids.TryAdd(pieces[id], id);
        MaxTokenLength = maxTokenLength;
    }

    public int VocabSize => pieces.Length;

    /// <summary>The longest piece in bytes, as recorded in the file.</summary>
    public int MaxTokenLength { get; }

    public float Score(int id) => scores[id];

    public byte[] Piece(int id) => Encoding.Latin1.GetBytes(pieces[id]);

    /// <summary>Loads <c>tokenizer.bin</c>; see <see cref="Llama2cTokenizerFile"/>.</summary>
    public static Llama2cTokenizer Load(string path, int? vocabSize = null) => Llama2cTokenizerFile.Read(path, vocabSize);

    /// <summary>As run.c's generate: with BOS, without EOS.</summary>
    public IReadOnlyList<int> Encode(string text) => Encode(text, bos: true, eos: false);

    /// <summary>run.c's <c>encode</c>: dummy-prefix space, codepoints or their bytes, then best-score merges.</summary>
    /// <exception cref="InvalidOperationException">the vocabulary lacks the " " piece or a byte-fallback token.</exception>
    public IReadOnlyList<int> Encode(string text, bool bos, bool eos)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new List<int>(bytes.Length + 3);
        if (bos) tokens.Add(Bos);
        // sentencepiece's add_dummy_prefix, as run.c approximates it: only for non-empty text.
        if (bytes.Length > 0)
            tokens.Add(ids.TryGetValue(" ", out int space)
                ? space
                : throw new InvalidOperationException("the vocabulary has no ' ' piece for sentencepiece's dummy prefix"));

        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if ((bytes[i] & 0xC0) != 0x80) start = i;
            // Extend over continuation bytes, at most 4 bytes per codepoint, as run.c does.
            if (i + 1 < bytes.Length && (bytes[i + 1] & 0xC0) == 0x80 && i + 1 - start < 4) continue;
            if (ids.TryGetValue(Encoding.Latin1.GetString(bytes, start, i + 1 - start), out int id))
                tokens.Add(id);
            else
                for (int b = start; b <= i; b++) tokens.Add(ByteFallback(bytes[b]));
            start = i + 1;
        }

        MergeBestPairs(tokens);
        if (eos) tokens.Add(Eos);
        return tokens;
    }

    /// <summary>
    /// Repeatedly merges the adjacent pair whose concatenation is the highest-scoring piece (the
    /// leftmost on ties; scores must beat run.c's floor of -1e10). Pair candidates are cached and
    /// only the two neighbours of a merge are looked up again.
    /// </summary>
    private void MergeBestPairs(List<int> tokens)
    {
        const float floor = -1e10f;
        var candidates = new List<int>(Math.Max(tokens.Count - 1, 0));
        for (int i = 0; i + 1 < tokens.Count; i++) candidates.Add(PairId(tokens[i], tokens[i + 1]));
        while (true)
        {
            int bestIndex = -1;
            float bestScore = floor;
            for (int i = 0; i < candidates.Count; i++)
                if (candidates[i] >= 0 && scores[candidates[i]] > bestScore)
                    (bestIndex, bestScore) = (i, scores[candidates[i]]);
            if (bestIndex < 0) return;

            tokens[bestIndex] = candidates[bestIndex];
            tokens.RemoveAt(bestIndex + 1);
            candidates.RemoveAt(bestIndex);
            if (bestIndex > 0) candidates[bestIndex - 1] = PairId(tokens[bestIndex - 1], tokens[bestIndex]);
            if (bestIndex < candidates.Count) candidates[bestIndex] = PairId(tokens[bestIndex], tokens[bestIndex + 1]);
        }
    }

    private int PairId(int left, int right) => ids.TryGetValue(pieces[left] + pieces[right], out int id) ? id : -1;

    private int ByteFallback(byte value)
    {
        int id = value + ByteFallbackOffset;
        return id < pieces.Length
            ? id
            : throw new InvalidOperationException(
                $"byte 0x{value:X2} is not in the vocabulary and its byte-fallback token {id} is beyond its {pieces.Length} pieces");
    }

    /// <summary>
    /// run.c's <c>decode</c> over a sequence: a piece's leading space is dropped right after BOS, and
    /// "&lt;0xXX&gt;" pieces are raw bytes. BOS and EOS delimit sequences and print nothing, as in
    /// run.c's generate loop; the bytes are then read as UTF-8.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">an id outside the vocabulary.</exception>
    public string Decode(IEnumerable<int> tokens)
    {
        var output = new List<byte>();
        int previous = -1, position = 0;
        foreach (int token in tokens)
        {
            if (token < 0 || token >= pieces.Length)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"token {token} at position {position} is outside [0, {pieces.Length})");
            if (token is not (Bos or Eos))
            {
                string piece = pieces[token];
                if (previous == Bos && piece.StartsWith(' ')) piece = piece[1..];
                if (RawByte(piece) is byte raw) output.Add(raw);
                else output.AddRange(Encoding.Latin1.GetBytes(piece));
            }
            previous = token;
            position++;
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The byte of a "&lt;0xXX&gt;" piece, as run.c's <c>sscanf(piece, "&lt;0x%02hhX&gt;")</c> reads it.</summary>
    private static byte? RawByte(string piece)
    {
        if (!piece.StartsWith("<0x", StringComparison.Ordinal)) return null;
        int digits = 0;
        while (digits < 2 && 3 + digits < piece.Length && Uri.IsHexDigit(piece[3 + digits])) digits++;
        return digits == 0 ? null : byte.Parse(piece.AsSpan(3, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
