namespace Splitwise.Inference.Tokenizers;

public interface ITextTokenizer
{
    int VocabSize { get; }

    IReadOnlyList<int> Encode(string text);

    string Decode(IEnumerable<int> tokens);
}
