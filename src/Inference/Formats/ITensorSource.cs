using TorchSharp;

namespace Splitwise.Inference.Formats;

/// <summary>
/// Named tensors of a model file, read lazily: a sub-block asks only for its own slice, so a
/// multi-GB checkpoint is never read whole. Every read returns a new fp32 CPU tensor that the
/// caller owns, whatever the stored dtype.
/// </summary>
public interface ITensorSource : IDisposable
{
    IReadOnlyCollection<string> Names { get; }

    bool Contains(string name);

    /// <exception cref="MissingTensorException">no tensor of that name.</exception>
    TensorInfo Info(string name);

    /// <summary>Rows [start, start+count) of dimension 0; shape [count, ...rest].</summary>
    torch.Tensor ReadRows(string name, long start, long count);

    /// <summary>Columns [start, start+count) of the last dimension of a 2-D tensor; shape [rows, count].</summary>
    torch.Tensor ReadColumns(string name, long start, long count);
}
