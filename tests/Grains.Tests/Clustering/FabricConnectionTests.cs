using Splitwise.Client;
using Splitwise.Contracts.Clustering;

namespace Splitwise.Grains.Tests.Clustering;

public class FabricConnectionTests
{
    [Fact]
    public async Task NoGatewayGivesATypedErrorThatSaysWhereItLooked()
    {
        var port = FreePorts.Take(1)[0];
        var e = await Assert.ThrowsAsync<FabricUnreachableException>(() =>
            FabricConnection.Connect(ClusterSettings.Localhost, [port], timeout: TimeSpan.FromSeconds(1)));
        Assert.Contains($"gateway port {port}", e.Message);
    }
}
