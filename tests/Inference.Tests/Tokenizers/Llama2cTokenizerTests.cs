using System.Text;
using Splitwise.Inference.Formats;
using Splitwise.Inference.Tokenizers;

namespace Splitwise.Inference.Tests.Tokenizers;

public class Llama2cTokenizerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// A vocabulary laid out like llama2.c's exports: &lt;unk&gt;, BOS, EOS, the 256 byte tokens, then
    /// pieces. Returns the tokenizer read back from disk and the id of each extra piece.
    /// </summary>
    private (Llama2cTokenizer Tokenizer, Func<string, int> Id) Build(params (string Piece, float Score)[] extra)
    {
        var vocabulary = new List<(string, float)> { ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0) };
        vocabulary.AddRange(Enumerable.Range(0, 256).Select(b => ($"<0x{b:X2}>", 0f)));
        vocabulary.AddRange(extra);
        var path = temp.File("tokenizer.bin");
        Llama2cTokenizerFile.Write(path, vocabulary);
        var tokenizer = Llama2cTokenizer.Load(path);
        return (tokenizer, piece => 259 + Array.FindIndex(extra, e => e.Piece == piece));
    }

    [Fact]
    public void HigherScoringMergesHappenFirst()
    {
        // " a b c": with "bc" scoring above "ab", b+c merge first and "ab" can no longer form.
        var (tokenizer, id) = Build((" ", -1), ("a", -2), ("b", -3), ("c", -4), ("ab", -6), ("bc", -5), (" a", -20));
        Assert.Equal([id(" a"), id("bc")], tokenizer.Encode("abc", bos: false, eos: false));

        (tokenizer, id) = Build((" ", -1), ("a", -2), ("b", -3), ("c", -4), ("ab", -5), ("bc", -6), (" ab", -20));
        Assert.Equal([id(" ab"), id("c")], tokenizer.Encode("abc", bos: false, eos: false));
    }

    [Fact]
    public void MergesChainUntilNoPairIsAPiece()
    {
        var (tokenizer, id) = Build((" ", -1), ("h", -2), ("e", -2), ("l", -2), ("o", -2),
            ("ll", -3), ("he", -4), ("hell", -5), ("hello", -6), (" hello", -7));
        Assert.Equal([Llama2cTokenizer.Bos, id(" hello"), Llama2cTokenizer.Eos], tokenizer.Encode("hello", bos: true, eos: true));
        Assert.Equal([Llama2cTokenizer.Bos, id(" hello"), id(" hello")], tokenizer.Encode("hello hello"));
    }

    [Fact]
    public void EmptyTextGetsNoDummyPrefix()
    {
        var (tokenizer, _) = Build((" ", -1));
        Assert.Equal([Llama2cTokenizer.Bos], tokenizer.Encode(""));
        Assert.Empty(tokenizer.Encode("", bos: false, eos: false));
    }

    [Fact]
    public void UnknownCodepointsFallBackToTheirBytes()
    {
        var (tokenizer, id) = Build((" ", -1), ("x", -2), ("ü", -3));
        // "é" is C3 A9 in UTF-8: tokens 0xC3 + 3 and 0xA9 + 3. "ü" is a piece of its own.
        Assert.Equal([id(" "), 0xC3 + 3, 0xA9 + 3, id("ü"), id("x")], tokenizer.Encode("éüx", bos: false, eos: false));
        Assert.Equal(" éüx", tokenizer.Decode(tokenizer.Encode("éüx", bos: false, eos: false)));
    }

    [Fact]
    public void DecodeDropsTheSpaceAfterBosAndReadsRawBytes()
    {
        var (tokenizer, id) = Build((" ", -1), ("a", -2), (" a", -3), ("<0x4", -9));
        Assert.Equal("a a", tokenizer.Decode([Llama2cTokenizer.Bos, id(" a"), id(" a")]));
        Assert.Equal(" a a", tokenizer.Decode([id(" a"), id(" a")]));
        Assert.Equal("A\n", tokenizer.Decode([0x41 + 3, 0x0A + 3]));
        // sscanf("<0x%02hhX>") also accepts a single hex digit.
        Assert.Equal("\u0004", tokenizer.Decode([id("<0x4")]));
        Assert.Equal("a", tokenizer.Decode(tokenizer.Encode("a", bos: true, eos: true)));
    }

    [Fact]
    public void RoundTripsMixedText()
    {
        var (tokenizer, _) = Build((" ", -1), ("the", -2), (" the", -1.5f), ("e", -3), ("t", -3), ("h", -3));
        foreach (var text in new[] { "the  theme\n\ttab", "日本語 😀", "a\u0000b" })
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void FileRoundTripsPiecesAndScores()
    {
        var (tokenizer, id) = Build((" ", -1.25f), ("héllo", 3.5f));
        Assert.Equal(259 + 2, tokenizer.VocabSize);
        Assert.Equal(6, tokenizer.MaxTokenLength); // "héllo" is 6 UTF-8 bytes
        Assert.Equal(3.5f, tokenizer.Score(id("héllo")));
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), tokenizer.Piece(id("héllo")));
        var path = temp.File("tokenizer.bin");
        Assert.Equal(259, Llama2cTokenizer.Load(path, vocabSize: 259).VocabSize);
    }

    [Fact]
    public void BadInputFailsClearly()
    {
        var (tokenizer, _) = Build((" ", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([0, 260]));

        var path = temp.File("tokenizer.bin");
        var bytes = File.ReadAllBytes(path);
        Assert.Throws<TruncatedFileException>(() => Llama2cTokenizer.Load(path, vocabSize: 300));
        File.WriteAllBytes(path, bytes[..^1]);
        Assert.Throws<TruncatedFileException>(() => Llama2cTokenizer.Load(path));
        File.WriteAllBytes(path, bytes[..2]);
        Assert.Throws<TruncatedFileException>(() => Llama2cTokenizer.Load(path));
        File.WriteAllBytes(path, [0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Throws<CorruptModelFileException>(() => Llama2cTokenizer.Load(path));

        var tiny = temp.File("tiny.bin");
        Llama2cTokenizerFile.Write(tiny, [("a", 0f)]);
        Assert.Throws<InvalidOperationException>(() => Llama2cTokenizer.Load(tiny).Encode("a"));
    }
}
