using Splitwise.Inference.Models;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// Reads exactly the slice of the model file one sub-block needs, in the family-neutral layout of
/// <see cref="AttentionGroupWeights"/> and friends. One implementation per model family.
/// </summary>
public interface ISubBlockWeightReader
{
    TransformerShape Shape { get; }

    AttentionGroupWeights AttentionGroup(int layer, int firstKvHead, int kvHeads);

    FfnInWeights FfnIn(int layer, int start, int count);

    /// <summary>Rows [start, start+count) of the down projection, [count, d].</summary>
    TorchSharp.torch.Tensor FfnOut(int layer, int start, int count);

    LayerSharedWeights LayerShared(int layer);

    EmbeddingWeights Embeddings();
}
