using static TorchSharp.torch;

namespace Splitwise.Testbed.Learning;

/// <summary>
/// Adam (Kingma and Ba 2015; beta1 0.9, beta2 0.999) with global gradient-norm clipping, written out so its moments
/// and step count can be checkpointed and restored exactly.
/// </summary>
public sealed class Adam
{
    private const double Beta1 = 0.9, Beta2 = 0.999;
    private readonly IReadOnlyList<Tensor> _parameters;

    public Adam(IReadOnlyList<Tensor> parameters, PpoCheckpoint? restore = null)
    {
        _parameters = parameters;
        if (restore is not null)
        {
            First = restore.First.Select((x, i) => tensor(x, parameters[i].shape)).ToList();
            Second = restore.Second.Select((x, i) => tensor(x, parameters[i].shape)).ToList();
            Steps = restore.AdamSteps;
        }
        else
        {
            First = parameters.Select(p => zeros_like(p)).ToList();
            Second = parameters.Select(p => zeros_like(p)).ToList();
        }
    }

    public List<Tensor> First { get; }

    public List<Tensor> Second { get; }

    public long Steps { get; private set; }

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
            p.grad?.zero_();
    }

    public void Step(double lr, double maxGradNorm, double eps)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Steps++;
        double total = 0;
        foreach (var p in _parameters)
            if (p.grad is { } g)
                total += g.pow(2).sum().item<float>();
        var norm = Math.Sqrt(total);
        var scale = norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1.0;
        var c1 = 1 - Math.Pow(Beta1, Steps);
        var c2 = 1 - Math.Pow(Beta2, Steps);
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].grad is not { } g)
                continue;
            var grad = g * scale;
            First[i].mul_(Beta1).add_(grad, alpha: 1 - Beta1);
            Second[i].mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
            var denominator = (Second[i] / c2).sqrt_().add_(eps);
            _parameters[i].addcdiv_(First[i], denominator, value: -lr / c1);
        }
    }
}
