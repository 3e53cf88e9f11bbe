using TorchSharp;

namespace Splitwise.Inference.Tests;

/// <summary>
/// Fails when TorchSharp's native libraries cannot load, e.g. if the GLIBCXX_3.4.32 build step
/// (Directory.Build.targets, README Troubleshooting) stops patching libLibTorchSharp.so.
/// </summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void CreatesATensor() =>
        Assert.Equal(6f, torch.ones(2, 3).sum().item<float>());

    [Fact]
    public void MultipliesMatrices()
    {
        using var left = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var right = torch.tensor(new float[] { 5, 6, 7, 8 }, 2, 2);

        using var product = torch.matmul(left, right);

        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
