using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Splitwise.Inference.Formats;

namespace Splitwise.Inference.Tokenizers;

/// <summary>
/// GPT-2's byte-level BPE over Microsoft.ML.Tokenizers, reproducing OpenAI's ids: the text is split
/// by GPT-2's pre-tokenizer regex, each piece's UTF-8 bytes are mapped to GPT-2's printable byte
/// alphabet ("Ġ" for a space) and merged by rank.
/// </summary>
/// <remarks>
/// Special tokens such as <c>&lt;|endoftext|&gt;</c> are encoded as plain text, as OpenAI's encoder
/// does, so user text can never inject control tokens. .NET regexes see UTF-16 code units, so
/// <c>\p{L}</c> does not match a letter outside the Basic Multilingual Plane (e.g. 𝐀) as OpenAI's
/// codepoint regex does; no resulting difference in ids was found (308 strings, astral letters
/// included, compared against the gpt-3-encoder JavaScript encoder), but it is not ruled out.
/// </remarks>
public sealed partial class Gpt2BpeTokenizer : ITextTokenizer
{
    private readonly BpeTokenizer tokenizer;

    private Gpt2BpeTokenizer(BpeTokenizer tokenizer, int vocabSize)
    {
        this.tokenizer = tokenizer;
        VocabSize = vocabSize;
    }

    public int VocabSize { get; }

    /// <summary>
    /// Loads from a folder holding either Hugging Face's <c>vocab.json</c> + <c>merges.txt</c> or
    /// OpenAI's <c>encoder.json</c> + <c>vocab.bpe</c> (the same content under other names).
    /// </summary>
    public static Gpt2BpeTokenizer FromDirectory(string directory)
    {
        foreach (var (vocab, merges) in new[] { ("vocab.json", "merges.txt"), ("encoder.json", "vocab.bpe") })
        {
            string vocabPath = Path.Combine(directory, vocab), mergesPath = Path.Combine(directory, merges);
            if (File.Exists(vocabPath) && File.Exists(mergesPath)) return FromFiles(vocabPath, mergesPath);
        }
        throw new FileNotFoundException(
            $"{directory} holds neither vocab.json + merges.txt nor encoder.json + vocab.bpe");
    }

    /// <param name="vocabPath">JSON object from token (in GPT-2's byte alphabet) to id.</param>
    /// <param name="mergesPath">One merge per line, best first, after an optional "#version" line.</param>
    public static Gpt2BpeTokenizer FromFiles(string vocabPath, string mergesPath)
    {
        Dictionary<string, int> vocabulary;
        try
        {
            using var stream = File.OpenRead(vocabPath);
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                         ?? throw new CorruptModelFileException(vocabPath, "vocabulary is JSON null");
        }
        catch (JsonException e)
        {
            throw new CorruptModelFileException(vocabPath, $"vocabulary is not a JSON object of token ids: {e.Message}");
        }
        var merges = File.ReadLines(mergesPath)
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .ToList();
        var badMerge = merges.FirstOrDefault(line => line.Split(' ').Length != 2);
        if (badMerge is not null)
            throw new CorruptModelFileException(mergesPath, $"merge line '{badMerge}' is not two space-separated tokens");

        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Gpt2PreTokenizer(), specialTokens: null),
        };
        int vocabSize = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
        return new Gpt2BpeTokenizer(BpeTokenizer.Create(options), vocabSize);
    }

    public IReadOnlyList<int> Encode(string text) => tokenizer.EncodeToIds(text);

    /// <exception cref="ArgumentOutOfRangeException">an id outside the vocabulary.</exception>
    public string Decode(IEnumerable<int> tokens)
    {
        var ids = tokens.ToList();
        int bad = ids.FindIndex(id => id < 0 || id >= VocabSize);
        if (bad >= 0)
            throw new ArgumentOutOfRangeException(nameof(tokens), $"token {ids[bad]} at position {bad} is outside [0, {VocabSize})");
        return tokenizer.Decode(ids);
    }

    /// <summary>OpenAI's GPT-2 pattern (encoder.py): contractions, letters, digits, other symbols, whitespace.</summary>
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2PreTokenizer();
}
