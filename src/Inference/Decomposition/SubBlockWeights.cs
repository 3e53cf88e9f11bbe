using static TorchSharp.torch;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// A head group's weights, family-neutral: fused q|k|v projection [d, (gq + 2 gk) hd] (x @ W layout),
/// its bias (GPT-2) and its rows of the output projection [gq hd, d].
/// </summary>
public sealed record AttentionGroupWeights(Tensor Wqkv, Tensor? Bqkv, Tensor Wo);

/// <summary>The input side of an FFN slice: [d, c] (GELU) or [d, 2c] gate|up (SwiGLU), bias (GPT-2).</summary>
public sealed record FfnInWeights(Tensor W, Tensor? B);

/// <summary>What a layer's stage owner holds: the two norms and the biases added once per sum.</summary>
public sealed record LayerSharedWeights(Tensor AttnNormW, Tensor? AttnNormB, Tensor FfnNormW, Tensor? FfnNormB, Tensor? AttnOutBias, Tensor? FfnOutBias);

/// <summary>What the session holds: embeddings, final norm and the LM head [vocab, d].</summary>
public sealed record EmbeddingWeights(Tensor TokenEmbedding, Tensor? PositionEmbedding, Tensor FinalNormW, Tensor? FinalNormB, Tensor LmHead);
