using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Grains.Devices;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Links;

namespace Splitwise.Cli;

/// <summary>An edge silo (primary, gateway) and a cloud silo co-hosted in this process over loopback TCP.</summary>
public sealed class FabricPair : IAsyncDisposable
{
    private readonly IHost _edge;
    private readonly IHost _cloud;

    private FabricPair(IHost edge, IHost cloud)
    {
        _edge = edge;
        _cloud = cloud;
        Client = new FabricClient(edge.Services.GetRequiredService<IGrainFactory>());
        Grains = edge.Services.GetRequiredService<IGrainFactory>();
    }

    public FabricClient Client { get; }

    /// <summary>The services of the silo of <paramref name="tier"/> (its meters).</summary>
    public IServiceProvider Services(Tier tier) => (tier == Tier.Edge ? _edge : _cloud).Services;

    /// <summary>The edge host's grain factory, for grains the typed client does not cover (the ONNX split grains).</summary>
    public IGrainFactory Grains { get; }

    /// <param name="settings">extra configuration for both silos, e.g. "Fabric:OnnxModels:NAME" = path.</param>
    /// <param name="device">the edge device emulation both silos share (it acts on the edge silo only); null for none.</param>
    public static async Task<FabricPair> Start(string modelName, string modelPath, int basePort, LinkEmulator link,
        IReadOnlyDictionary<string, string?>? settings = null, DeviceEmulator? device = null)
    {
        var edge = Host(Tier.Edge, modelName, modelPath, basePort, link, settings, device);
        var cloud = Host(Tier.Cloud, modelName, modelPath, basePort, link, settings, device);

        // Edge first: it is the primary silo that holds the membership table.
        await edge.StartAsync();
        await cloud.StartAsync();
        return new FabricPair(edge, cloud);
    }

    public async ValueTask DisposeAsync()
    {
        await _cloud.StopAsync();
        await _edge.StopAsync();
        _cloud.Dispose();
        _edge.Dispose();
    }

    private static IHost Host(Tier tier, string modelName, string modelPath, int basePort, LinkEmulator link,
        IReadOnlyDictionary<string, string?>? settings, DeviceEmulator? device)
    {
        var offset = tier == Tier.Edge ? 0 : 1;
        string Port(int p) => p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fabric:SiloPort"] = Port(basePort + offset),
            ["Fabric:GatewayPort"] = Port(basePort + 20000 + offset),
            ["Fabric:PrimarySiloPort"] = Port(basePort),
            [$"Fabric:Models:{modelName}"] = modelPath,
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return FabricHosting.BuildHost(tier, config, link, LogLevel.Error, device);
    }
}
