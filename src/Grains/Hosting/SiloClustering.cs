using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Splitwise.Contracts.Clustering;
using Splitwise.Contracts.Errors;

namespace Splitwise.Grains.Hosting;

/// <summary>
/// Membership for a fabric silo from the "Fabric" section: Localhost (the default; PrimarySiloPort names
/// the silo that holds the table) or Redis (Redis:ConnectionString; each silo advertises
/// AdvertisedAddress, loopback unless set, which a deployment on several machines sets to the
/// machine's address).
/// </summary>
public static class SiloClustering
{
    public static ClusterSettings Settings(IConfigurationSection fabric) => ClusterSettings.From(key => fabric[key]);

    public static void Configure(ISiloBuilder silo, IConfigurationSection fabric, int siloPort, int gatewayPort)
    {
        var cluster = Settings(fabric);
        if (cluster.Mode == ClusteringMode.Localhost)
        {
            var primary = new IPEndPoint(IPAddress.Loopback, fabric.GetValue("PrimarySiloPort", 11111));
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
            return;
        }

        var address = AdvertisedAddress(fabric["AdvertisedAddress"]);
        silo.UseRedisClustering(cluster.RedisConnectionString!);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        // Listen on every interface when advertising a routable address, so that other machines reach us.
        silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
    }

    private static IPAddress AdvertisedAddress(string? text) =>
        string.IsNullOrWhiteSpace(text) ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new FabricConfigurationException("Fabric:AdvertisedAddress", text, "an IP address of this machine that the other silos can reach");
}
