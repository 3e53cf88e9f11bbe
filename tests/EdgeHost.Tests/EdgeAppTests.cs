using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Splitwise.ChatSample;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;

namespace Splitwise.EdgeHost.Tests;

/// <summary>
/// The edge host as it runs (EdgeApp: Kestrel, the edge silo, /metrics) with a cloud silo beside it, and the
/// sample app's logic connected through the edge host's gateway, as README's three commands do.
/// </summary>
public class EdgeAppTests
{
    private const string Model = "tiny";

    [Fact]
    public async Task SampleStreamsThroughTheHostsAndMetricsCountItsCrossings()
    {
        using var model = new TinyModel(seed: 3);
        var p = FreePorts.Take(5).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] link = ["--Fabric:Link:Mbps", "1000", "--Fabric:Link:RttMs", "2", $"--Fabric:Models:{Model}", model.Path, "--Fabric:PrimarySiloPort", p[1], .. StateDirectories.Fresh()];
        await using var edge = EdgeApp.Build([.. link, "--urls", $"http://127.0.0.1:{p[0]}", "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2], "--Logging:LogLevel:Default", "Error"]);
        await edge.StartAsync();
        using var cloud = FabricHosting.BuildHost(Tier.Cloud, new ConfigurationBuilder().AddCommandLine([.. link, "--Fabric:SiloPort", p[3], "--Fabric:GatewayPort", p[4]]).Build(), logLevel: LogLevel.Error);
        await cloud.StartAsync();
        try
        {
            await using var connection = await FabricConnection.Connect(new ConfigurationBuilder().AddCommandLine(["--Fabric:GatewayPort", p[2]]).Build());
            var output = new StringWriter();
            var steps = await ChatDemo.Run(connection.Client, new ChatOptions(Model, EdgeLayers: 2, Codec: "int8", Prompt: "In the", Tokens: 5), output);

            var lines = output.ToString().Split('\n');
            Assert.Equal(5, lines.Count(l => l.StartsWith("token ", StringComparison.Ordinal)));
            Assert.Contains(lines, l => l.StartsWith("plan read back: v", StringComparison.Ordinal) && l.Contains("codec int8"));
            Assert.Contains(lines, l => l.Trim() == "L3 attn CCCC | ffn CCCC");

            // Every far call of the sample crossed up once, counted on the Splitwise.Link meter with its codec.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[0]}") };
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Equal(steps.Sum(s => s.Link.FarCalls), Series(metrics, "splitwise_link_crossings_total", "codec=\"int8\"", "direction=\"uplink\"", "from_tier=\"edge\""));
            Assert.Contains("# TYPE splitwise_link_delay_milliseconds histogram", metrics);
            Assert.Contains("splitwise_link_bytes_total{", metrics);
        }
        finally
        {
            await cloud.StopAsync();
            await edge.StopAsync();
        }
    }

    private static double Series(string prometheusText, string name, params string[] labels)
    {
        var matching = prometheusText.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l.Contains))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .ToArray();
        Assert.True(matching.Length == 1, $"expected one {name} series with {string.Join(", ", labels)}; /metrics has:\n{prometheusText}");
        return matching[0];
    }
}
