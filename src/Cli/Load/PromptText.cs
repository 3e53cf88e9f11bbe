namespace Splitwise.Cli.Load;

/// <summary>
/// Prompts of a given length, since the trace records lengths and not content (privacy). Text: the bundled model's
/// corpus when present (.cache/corpus/kjv.txt, scripts/make-corpus.sh), else Genesis 1:1-8 (KJV, public domain)
/// shipped here. One token per byte, as the bundled byte-level model counts; for a BPE model a prompt of N bytes is
/// about N/4 tokens.
/// </summary>
public sealed class PromptText(string text)
{
    private readonly string _ascii = new(text.Where(c => c is >= ' ' and < (char)128).ToArray());

    public const string Genesis =
        "In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon " +
        "the face of the deep. And the Spirit of God moved upon the face of the waters. And God said, Let there be light: and " +
        "there was light. And God saw the light, that it was good: and God divided the light from the darkness. And God called " +
        "the light Day, and the darkness he called Night. And the evening and the morning were the first day. And God said, Let " +
        "there be a firmament in the midst of the waters, and let it divide the waters from the waters. And God made the " +
        "firmament, and divided the waters which were under the firmament from the waters which were above the firmament: and " +
        "it was so. And God called the firmament Heaven. And the evening and the morning were the second day. ";

    public static PromptText Default(string? corpus = null)
    {
        var path = corpus ?? Path.Combine(".cache", "corpus", "kjv.txt");
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).ReplaceLineEndings(" ");
            return new PromptText(text.Length > 1 << 20 ? text[..(1 << 20)] : text);
        }

        return corpus is null ? new PromptText(Genesis) : throw new FileNotFoundException($"--corpus: file not found: {corpus}", corpus);
    }

    public string Source { get; } = text.Length > 2000 ? $"corpus text ({text.Length} chars)" : "Genesis 1:1-8 (KJV, shipped)";

    /// <summary>A prompt of exactly <paramref name="length"/> ASCII characters, starting at a place that depends on <paramref name="index"/>.</summary>
    public string Make(int length, int index)
    {
        var ascii = _ascii;
        var start = (int)((index * 7919L) % ascii.Length);
        var builder = new System.Text.StringBuilder(length);
        while (builder.Length < length)
        {
            var take = Math.Min(length - builder.Length, ascii.Length - start);
            builder.Append(ascii, start, take);
            start = 0;
        }

        return builder.ToString();
    }
}
