using TorchSharp;

namespace Splitwise.Inference.Models;

/// <summary>
/// Rotary position embedding in the rotate-half convention of Hugging Face LLaMA (llama2.c's
/// interleaved weights are permuted to it on load, so one implementation serves both formats).
/// </summary>
public sealed class Rotary : IDisposable
{
    private readonly torch.Tensor _cos;
    private readonly torch.Tensor _sin;

    public Rotary(int headDim, int maxSeqLen, double theta)
    {
        using var scope = torch.NewDisposeScope();
        var invFreq = 1.0 / torch.pow(theta, torch.arange(0, headDim, 2, torch.float64) / headDim);
        var angles = torch.outer(torch.arange(maxSeqLen, torch.float64), invFreq);
        var full = torch.cat([angles, angles], 1);
        _cos = full.cos().to(torch.float32).MoveToOuterDisposeScope();
        _sin = full.sin().to(torch.float32).MoveToOuterDisposeScope();
    }

    /// <summary>Rotates x [..., T, headDim] whose first position is <paramref name="start"/>.</summary>
    public torch.Tensor Apply(torch.Tensor x, int start)
    {
        var t = x.shape[^2];
        var half = x.shape[^1] / 2;
        var cos = _cos.narrow(0, start, t);
        var sin = _sin.narrow(0, start, t);
        var rotated = torch.cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * cos).add(rotated * sin, Scalars.One);
    }

    /// <summary>Rotates x [B, heads, headDim], row b at its own position positions[b] (a batched decode step).</summary>
    public torch.Tensor ApplyAt(torch.Tensor x, torch.Tensor positions)
    {
        var half = x.shape[^1] / 2;
        var cos = _cos.index_select(0, positions).unsqueeze(1);
        var sin = _sin.index_select(0, positions).unsqueeze(1);
        var rotated = torch.cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return (x * cos).add(rotated * sin, Scalars.One);
    }

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}
