using Splitwise.Contracts;
using static TorchSharp.torch;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// The W2 side of an FFN slice: intermediate [T, c] -> partial [T, d]. The second bias is shared by
/// all slices, so it is added once by whoever sums the partials, never here.
/// </summary>
public sealed class FfnDownPart(SubBlockId id, Tensor wOut) : IDisposable
{
    public SubBlockId Id { get; } = id;

    /// <summary>Intermediate columns this part takes (its rows of W2).</summary>
    public int Width => (int)wOut.size(0);

    public Tensor Forward(Tensor hidden) => hidden.mm(wOut);

    public void AccumulateInto(Tensor sum, Tensor hidden) => sum.addmm_(hidden, wOut);

    public void Dispose() => wOut.Dispose();
}
