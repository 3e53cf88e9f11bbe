using Splitwise.Testbed.Links;

namespace Splitwise.Testbed.Tests.Controller;

public class ScaledLinkTests
{
    [Fact]
    public void AScaledLinkPlaysTheSameStatesSlower()
    {
        var inner = new PiecewiseLink([(TimeSpan.Zero, new LinkState(10, 10, 5)), (TimeSpan.FromSeconds(1), new LinkState(1, 1, 100))]);
        var slow = new ScaledLink(inner, 4);
        Assert.Equal(10, slow.At(TimeSpan.FromSeconds(3.9)).UplinkMbps);
        Assert.Equal(1, slow.At(TimeSpan.FromSeconds(4.1)).UplinkMbps);
        Assert.Contains("time x 4", slow.Description, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledLink(inner, 0));
    }
}
