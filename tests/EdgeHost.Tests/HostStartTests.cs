using System.Net;
using Microsoft.Extensions.Configuration;
using System.Text.Json;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Grains.Hosting;

namespace Splitwise.EdgeHost.Tests;

/// <summary>What the hosts show and check when they start: the dashboard, the banner, the model paths.</summary>
public class HostStartTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    [Fact]
    public async Task TheOrleansDashboardAnswersUnderSlashDashboard()
    {
        using var http = fabric.Http(key: null);

        var version = await http.GetAsync("/dashboard/version");
        var page = await http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType ?? "");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(await version.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }

    [Fact]
    public void TheBannerSaysTheTierTheAddressesAndTheModels()
    {
        var banner = HostBanner.Describe(fabric.Services, Tier.Edge, [fabric.Address.ToString()], [("dashboard", "/dashboard")]);

        Assert.Contains("Splitwise edge silo: silo port ", banner);
        Assert.Contains($"listening on {fabric.Address}", banner);
        Assert.Contains($"model {EdgeFabric.Model} = {fabric.ModelPath}", banner);
        Assert.Contains($"dashboard: {fabric.Address.ToString().TrimEnd('/')}/dashboard", banner);
    }

    [Fact]
    public void AModelPathWithNothingThereFailsAtStartNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "splitwise-no-model-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<FabricConfigurationException>(() => EdgeApp.Build(["--Fabric:Models:gone", missing, "--urls", "http://127.0.0.1:0"]));

        Assert.Equal("Fabric:Models:gone", e.Key);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void ARelativeModelPathIsTakenFromTheWorkingDirectory()
    {
        var parent = Path.GetDirectoryName(fabric.ModelPath)!;
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Fabric:Models:tiny"] = Path.GetFileName(fabric.ModelPath) }).Build();

        var resolved = ModelPaths.Resolve(config.GetSection("Fabric:Models"), parent);

        Assert.Equal(fabric.ModelPath, resolved["tiny"]);
    }
}
