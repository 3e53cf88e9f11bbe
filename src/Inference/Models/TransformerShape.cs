namespace Splitwise.Inference.Models;

public enum NormKind
{
    LayerNorm,
    RmsNorm,
}

public enum FfnKind
{
    /// <summary>GPT-2: gelu_tanh(x W1 + b1) W2 + b2.</summary>
    GeluMlp,

    /// <summary>LLaMA: (silu(x Wgate) * x Wup) Wdown, no biases.</summary>
    SwiGlu,
}

/// <summary>
/// The family-neutral shape of a decoder-only transformer: what the decomposition, the cost model
/// and the planners need to know, whichever family the weights come from.
/// </summary>
public sealed record TransformerShape(
    string Family,
    int NLayer,
    int DModel,
    int NHead,
    int NKvHead,
    int DFf,
    int VocabSize,
    int MaxSeqLen,
    NormKind Norm,
    double NormEps,
    FfnKind Ffn,
    double? RopeTheta,
    bool LearnedPositions)
{
    public int HeadDim => DModel / NHead;

    /// <summary>Query heads served by one KV head (1 without grouped-query attention).</summary>
    public int QueriesPerKvHead => NHead / NKvHead;
}
