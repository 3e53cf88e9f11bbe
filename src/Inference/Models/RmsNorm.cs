using static TorchSharp.torch;

namespace Splitwise.Inference.Models;

public static class RmsNorm
{
    /// <summary>x / sqrt(mean(x^2) + eps) * weight, over the last dimension.</summary>
    public static Tensor Apply(Tensor x, Tensor weight, double eps) =>
        x * rsqrt(x.pow(Scalars.Two).mean([-1L], keepdim: true).add(Scalars.Of(eps), Scalars.One)) * weight;
}
