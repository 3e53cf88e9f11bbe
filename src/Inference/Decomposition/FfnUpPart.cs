using Splitwise.Contracts;
using Splitwise.Inference.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Splitwise.Inference.Decomposition;

/// <summary>
/// The W1 side of an FFN slice: normed hidden x [T, d] -> activated intermediate [T, c]. In Splitwise's
/// split mode this is a sub-block of its own and the intermediate is what crosses the boundary.
/// </summary>
public sealed class FfnUpPart(SubBlockId id, FfnInWeights weights, FfnKind kind) : IDisposable
{
    private readonly int _width = (int)weights.W.shape[1] / (kind == FfnKind.SwiGlu ? 2 : 1);

    public SubBlockId Id { get; } = id;

    public int Width => _width;

    public Tensor Forward(Tensor x)
    {
        if (kind == FfnKind.GeluMlp)
        {
            var up = weights.B is null ? x.mm(weights.W) : addmm(weights.B, x, weights.W, 1, 1);
            return gelu(up, TorchSharp.Modules.GELU.Approximate.tanh);
        }

        var gateUp = x.mm(weights.W);
        return silu(gateUp.narrow(1, 0, _width)) * gateUp.narrow(1, _width, _width);
    }

    public void Dispose()
    {
        weights.W.Dispose();
        weights.B?.Dispose();
    }
}
