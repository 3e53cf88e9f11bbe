using Splitwise.Inference.Formats;
using Splitwise.Inference.Tokenizers;

namespace Splitwise.Inference.Tests.Tokenizers;

/// <summary>The wrapper's plumbing on a hand-made vocabulary; real GPT-2 ids are in <see cref="Gpt2RealVocabularyTests"/>.</summary>
public class Gpt2BpeTokenizerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string TinyVocabulary(string vocabName = "vocab.json", string mergesName = "merges.txt")
    {
        // "Ġ" is GPT-2's printable stand-in for the space byte.
        File.WriteAllText(temp.File(vocabName),
            """{"h": 0, "e": 1, "l": 2, "o": 3, "\u0120": 4, "he": 5, "ll": 6, "hell": 7}""");
        File.WriteAllLines(temp.File(mergesName), ["#version: 0.2", "h e", "l l", "he ll"]);
        return temp.Path;
    }

    [Theory]
    [InlineData("vocab.json", "merges.txt")]
    [InlineData("encoder.json", "vocab.bpe")]
    public void MergesByRankWithinPreTokenizedPieces(string vocabName, string mergesName)
    {
        var tokenizer = Gpt2BpeTokenizer.FromDirectory(TinyVocabulary(vocabName, mergesName));
        Assert.Equal(8, tokenizer.VocabSize);
        // "hell" | " hello": h e l l -> he l l -> he ll -> hell; the space stays its own token (no "Ġh" entry).
        Assert.Equal([7, 4, 7, 3], tokenizer.Encode("hell hello"));
        Assert.Equal("hell hello", tokenizer.Decode([7, 4, 7, 3]));
        Assert.Empty(tokenizer.Encode(""));
    }

    [Fact]
    public void BadInputFailsClearly()
    {
        var tokenizer = Gpt2BpeTokenizer.FromDirectory(TinyVocabulary());
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([1, 8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));

        Assert.Throws<FileNotFoundException>(() => Gpt2BpeTokenizer.FromDirectory(temp.File("nowhere")));
        File.WriteAllText(temp.File("vocab.json"), "[1, 2]");
        Assert.Throws<CorruptModelFileException>(() => Gpt2BpeTokenizer.FromDirectory(temp.Path));
        TinyVocabulary();
        File.WriteAllLines(temp.File("merges.txt"), ["h e l"]);
        Assert.Throws<CorruptModelFileException>(() => Gpt2BpeTokenizer.FromDirectory(temp.Path));
    }
}
