namespace Splitwise.Inference.Tests;

public class SmokeTests
{
    [Fact]
    public void TorchSharpComputes() =>
        Assert.Equal(6f, TorchSharp.torch.ones(2, 3).sum().item<float>());
}
