using System.Text;

namespace Splitwise.Inference.Tokenizers;

/// <summary>One token per UTF-8 byte: the bundled model's vocabulary (256).</summary>
public sealed class ByteTokenizer : ITextTokenizer
{
    public int VocabSize => 256;

    public IReadOnlyList<int> Encode(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();

    public string Decode(IEnumerable<int> tokens) =>
        Encoding.UTF8.GetString(tokens.Select(t => (byte)t).ToArray());
}
