using Splitwise.Inference.Tokenizers;

namespace Splitwise.Inference.Tests.Tokenizers;

/// <summary>
/// Golden ids from llama2.c's own run.c (encode with BOS, then decode token by token), compiled with
/// gcc against this vocabulary written to tokenizer.bin: llama2.c's 259 special and byte tokens, then
/// these pieces with arbitrary scores.
/// </summary>
public class Llama2cTokenizerRunCParityTests : IDisposable
{
    private static readonly (string Piece, float Score)[] Pieces =
    [
        (" ", -3.771f), ("a", -2.582f), ("b", -2.048f), ("c", -0.575f), ("d", -2.601f), ("e", -0.777f),
        ("h", -9.71f), ("l", -5.344f), ("o", -0.566f), ("t", -3.51f), (" t", -0.991f), (" th", -8.868f),
        (" the", -5.309f), ("th", -7.534f), ("he", -4.562f), ("the", -4.261f), ("ll", -9.869f), ("lo", -7.833f),
        ("hel", -7.205f), ("hello", -0.837f), (" hello", -2.343f), ("ab", -8.404f), ("bc", -2.029f), ("cd", -8.612f),
        ("abc", -3.825f), ("bcd", -8.733f), (" a", -9.982f), ("é", -1.286f), ("日本", -7.905f), ("本", -7.845f),
        ("é ", -0.176f), ("😀", -1.276f),
    ];

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("abc", new[] { 1, 259, 283 })]
    [InlineData("hello the theme", new[] { 1, 279, 271, 271, 112, 264 })]
    [InlineData("abcd bcd cd", new[] { 1, 259, 283, 263, 259, 284, 259, 282 })]
    [InlineData("日本語 é é😀x", new[] { 1, 259, 233, 154, 168, 288, 235, 173, 161, 259, 289, 286, 290, 123 })]
    [InlineData("  spaces  ", new[] { 1, 259, 259, 259, 118, 115, 260, 262, 264, 118, 259, 259 })]
    [InlineData("the hello abcde, héllo", new[] { 1, 271, 279, 259, 283, 263, 264, 47, 259, 265, 286, 266, 276 })]
    public void EncodesAndDecodesAsRunC(string text, int[] expected)
    {
        var vocabulary = new List<(string, float)> { ("<unk>", 0), ("\n<s>\n", 0), ("\n</s>\n", 0) };
        vocabulary.AddRange(Enumerable.Range(0, 256).Select(b => ($"<0x{b:X2}>", 0f)));
        vocabulary.AddRange(Pieces);
        var path = temp.File("tokenizer.bin");
        Llama2cTokenizerFile.Write(path, vocabulary);
        var tokenizer = Llama2cTokenizer.Load(path, vocabSize: 291);

        Assert.Equal(expected, tokenizer.Encode(text));
        // run.c prints the pieces after BOS; the space of the first one is dropped.
        Assert.Equal(text, tokenizer.Decode(expected));
    }
}
