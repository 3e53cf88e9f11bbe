using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Splitwise.Contracts.Clustering;
using Splitwise.Contracts.Errors;

namespace Splitwise.Client;

/// <summary>
/// An Orleans client joined to a running fabric, for applications outside the silos: with Localhost
/// clustering it talks to the gateway ports given (the edge silo's, 30000, by default); with Redis it
/// finds the gateways in the membership table. Dispose to disconnect.
/// </summary>
public sealed class FabricConnection : IAsyncDisposable
{
    public const int DefaultGatewayPort = 30000;

    private readonly IHost _host;

    private FabricConnection(IHost host)
    {
        _host = host;
        Client = new FabricClient(host.Services.GetRequiredService<IClusterClient>());
    }

    public FabricClient Client { get; }

    /// <summary>Reads the "Fabric" section: Clustering, Redis:ConnectionString, ServiceId, ClusterId, GatewayPort (Localhost).</summary>
    /// <exception cref="FabricConfigurationException"/>
    public static Task<FabricConnection> Connect(IConfiguration config, CancellationToken cancellationToken = default)
    {
        var fabric = config.GetSection("Fabric");
        var port = fabric["GatewayPort"] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p
                : throw new FabricConfigurationException("Fabric:GatewayPort", text, "a TCP port")
            : DefaultGatewayPort;
        return Connect(ClusterSettings.From(key => fabric[key]), [port], cancellationToken);
    }

    public static async Task<FabricConnection> Connect(ClusterSettings cluster, IReadOnlyList<int> gatewayPorts, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            if (cluster.Mode == ClusteringMode.Redis)
            {
                client.UseRedisClustering(cluster.RedisConnectionString!);
                client.Configure<ClusterOptions>(options =>
                {
                    options.ServiceId = cluster.ServiceId;
                    options.ClusterId = cluster.ClusterId;
                });
            }
            else
            {
                client.UseLocalhostClustering([.. gatewayPorts], cluster.ServiceId, cluster.ClusterId);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new FabricConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
