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

    /// <summary>How long to keep retrying the gateways: long enough for hosts that are still starting.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(20);

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

    /// <exception cref="FabricUnreachableException">no gateway answered within <paramref name="timeout"/> (default 20 s).</exception>
    public static async Task<FabricConnection> Connect(ClusterSettings cluster, IReadOnlyList<int> gatewayPorts, CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        var waited = timeout ?? DefaultConnectTimeout;
        var deadline = DateTime.UtcNow + waited;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                if (DateTime.UtcNow >= deadline)
                    return false;
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                return true;
            });
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
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new FabricUnreachableException(Where(cluster, gatewayPorts), waited, e);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new FabricConnection(host);
    }

    private static string Where(ClusterSettings cluster, IReadOnlyList<int> gatewayPorts) => cluster.Mode == ClusteringMode.Redis
        ? $"Redis membership at {cluster.RedisConnectionString}, cluster {cluster.ServiceId}/{cluster.ClusterId}"
        : $"Localhost clustering, gateway port {string.Join(", ", gatewayPorts)}, cluster {cluster.ServiceId}/{cluster.ClusterId}";

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
