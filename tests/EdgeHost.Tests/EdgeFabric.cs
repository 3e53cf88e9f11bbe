using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;

namespace Splitwise.EdgeHost.Tests;

/// <summary>
/// The edge host as it runs (EdgeApp on a real Kestrel port, the edge silo) and a cloud silo beside it, serving the
/// tiny random model with the first two layers on the edge; shared by the tests of one class.
/// </summary>
public class EdgeFabric : IAsyncLifetime
{
    public const string Model = "tiny";
    public const string ApiKey = "test-key";

    private readonly TinyModel _model = new(seed: 5);
    private WebApplication? _edge;
    private IHost? _cloud;

    public Uri Address { get; private set; } = null!;

    public int EdgeSiloPort { get; private set; }

    /// <summary>Configuration both silos get on top of the defaults (e.g. TLS).</summary>
    protected virtual string[] SiloArgs() => [];

    public FabricClient Fabric => _edge!.Services.GetRequiredService<FabricClient>();

    public IServiceProvider Services => _edge!.Services;

    public string ModelPath => _model.Path;

    public HttpClient Http(string? key = ApiKey)
    {
        var http = new HttpClient { BaseAddress = Address };
        if (key is not null)
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }

    public async Task InitializeAsync()
    {
        var p = FreePorts.Take(5).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] common = [$"--Fabric:Models:{Model}", _model.Path, "--Fabric:PrimarySiloPort", p[1], .. StateDirectories.Fresh(), .. SiloArgs()];
        EdgeSiloPort = int.Parse(p[1], CultureInfo.InvariantCulture);
        Address = new Uri($"http://127.0.0.1:{p[0]}");
        _edge = EdgeApp.Build([.. common, "--urls", Address.ToString(), "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2],
            "--Fabric:ApiKey", ApiKey, "--Logging:LogLevel:Default", "Error"]);
        await _edge.StartAsync();
        _cloud = FabricHosting.BuildHost(Tier.Cloud, new ConfigurationBuilder().AddCommandLine([.. common, "--Fabric:SiloPort", p[3], "--Fabric:GatewayPort", p[4]]).Build(), logLevel: LogLevel.Error);
        await _cloud.StartAsync();
        await BothSilosActive();
        await SetPlan(2);
    }

    /// <summary>First <paramref name="edgeLayers"/> layers on the edge; retried while the edge does not yet count the cloud silo among the silos it may place on.</summary>
    public async Task SetPlan(int edgeLayers)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Fabric.SetPlan(Model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(edgeLayers, dims, spec, "fp32"));
                return;
            }
            catch (TierUnavailableException) when (attempt < 10)
            {
                await Task.Delay(500);
            }
        }
    }

    // The cloud silo has started, but the edge learns of it through membership a moment later.
    private async Task BothSilosActive()
    {
        var membership = _edge!.Services.GetRequiredService<IClusterMembershipService>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
    }

    public virtual async Task DisposeAsync()
    {
        if (_cloud is not null)
            await _cloud.StopAsync();
        if (_edge is not null)
        {
            await _edge.StopAsync();
            await _edge.DisposeAsync();
        }

        _cloud?.Dispose();
        _model.Dispose();
    }
}
