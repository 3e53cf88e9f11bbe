using System.Text.Json;

namespace Splitwise.EdgeHost.Tests;

public class GenerateEndpointTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    [Fact]
    public async Task GenerateStreamsOneCamelCaseTokenStepPerLineAsPlanDoes()
    {
        using var http = fabric.Http();

        var lines = (await http.GetStringAsync($"/generate/{EdgeFabric.Model}?prompt=In%20the&tokens=3")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var plan = JsonDocument.Parse(await http.GetStringAsync($"/plan/{EdgeFabric.Model}")).RootElement;

        Assert.Equal(3, lines.Length);
        var steps = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal([0, 1, 2], steps.Select(s => s.GetProperty("index").GetInt32()));
        Assert.All(steps, s => Assert.Equal(plan.GetProperty("version").GetInt64(), s.GetProperty("planVersion").GetInt64()));
        Assert.True(steps[^1].GetProperty("last").GetBoolean());
        Assert.True(steps[0].GetProperty("link").GetProperty("farCalls").GetInt32() > 0);
    }
}
