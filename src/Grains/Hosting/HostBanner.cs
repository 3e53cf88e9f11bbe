using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Splitwise.Contracts;

namespace Splitwise.Grains.Hosting;

/// <summary>
/// What a host says when it has started: its tier, where it listens (HTTP, silo and gateway ports), the models it
/// serves and where its pages are, so that a user sees at once what runs where.
/// </summary>
public static class HostBanner
{
    public static string Describe(IServiceProvider services, Tier tier, IReadOnlyCollection<string> urls, IEnumerable<(string Label, string Path)> pages)
    {
        var endpoints = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var fabric = services.GetRequiredService<IOptions<FabricOptions>>().Value;
        var lines = new List<string>
        {
            $"Splitwise {SiloTier.RoleName(tier)} silo: silo port {endpoints.SiloPort}, gateway port {endpoints.GatewayPort}, advertised {endpoints.AdvertisedIPAddress}",
            $"  listening on {(urls.Count > 0 ? string.Join(", ", urls) : "(no HTTP)")}",
        };
        lines.AddRange(fabric.Models.Select(m => $"  model {m.Key} = {m.Value}"));
        lines.AddRange(fabric.OnnxModels.Select(m => $"  onnx model {m.Key} = {m.Value}"));
        var home = urls.FirstOrDefault()?.TrimEnd('/');
        if (home is not null)
            lines.AddRange(pages.Select(p => $"  {p.Label}: {home}{p.Path}"));
        return string.Join(Environment.NewLine, lines);
    }
}
