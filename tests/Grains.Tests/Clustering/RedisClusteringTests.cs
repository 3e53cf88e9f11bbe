using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Hosting;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.Grains.Tests.Clustering;

/// <summary>
/// Real Redis membership: a redis-server of its own, an edge and a cloud silo configured as the hosts are
/// (Fabric:Clustering=Redis, real TCP on loopback), and a client that knows only the Redis address.
/// </summary>
public class RedisClusteringTests
{
    private const string Model = "tiny";
    private const string Prompt = "And God said";
    private const int Tokens = 6;

    [SkippableFact]
    public async Task SilosAndClientJoinThroughRedisAndGenerateTheReferenceTokens()
    {
        using var redis = await RedisServer.Start();
        using var model = new TinyModel(seed: 7);
        var ports = FreePorts.Take(4);
        var cluster = new Dictionary<string, string?>
        {
            ["Fabric:Clustering"] = "Redis",
            ["Fabric:Redis:ConnectionString"] = redis.ConnectionString,
            ["Fabric:ClusterId"] = "redis-test-" + Guid.NewGuid().ToString("N"),
        };

        using var edge = FabricHosting.BuildHost(Tier.Edge, Silo(cluster, ports[0], ports[1], model.Path), logLevel: LogLevel.Error);
        using var cloud = FabricHosting.BuildHost(Tier.Cloud, Silo(cluster, ports[2], ports[3], model.Path), logLevel: LogLevel.Error);
        await Task.WhenAll(edge.StartAsync(), cloud.StartAsync());
        try
        {
            // No gateway port given: the client finds the gateways in the Redis membership table.
            await using var connection = await FabricConnection.Connect(new ConfigurationBuilder().AddInMemoryCollection(cluster).Build());
            var client = connection.Client;
            await client.SetPlan(Model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(2, dims, spec, "fp32"));

            var steps = new List<TokenStep>();
            await foreach (var step in client.Generate(Model, new GenerationRequest(Prompt, Tokens)))
                steps.Add(step);

            Assert.Equal(Reference(model.Path), steps.Select(s => s.Token));
            Assert.All(steps, s => Assert.Equal(1, s.Link.FarCalls)); // layers 2 and 3 in the cloud: one run there, the residual up and back
            Assert.Equal("L3 attn CCCC | ffn CCCC", steps[0].Layers[3]);
            var cloudSide = await client.LinkTotals(Tier.Cloud);
            Assert.True(cloudSide.Crossings >= 2 * Tokens, $"the cloud silo saw {cloudSide.Crossings} crossings");
        }
        finally
        {
            await Task.WhenAll(cloud.StopAsync(), edge.StopAsync());
        }
    }

    private static IConfiguration Silo(Dictionary<string, string?> cluster, int siloPort, int gatewayPort, string modelPath) =>
        new ConfigurationBuilder().AddInMemoryCollection(cluster).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fabric:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Fabric:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            [$"Fabric:Models:{Model}"] = modelPath,
        }).Build();

    private static int[] Reference(string modelPath)
    {
        using var loaded = ModelLoader.Open(modelPath);
        using var reference = loaded.LoadReference();
        return TextGenerator.Generate(reference, loaded.Tokenizer.Encode(Prompt), Tokens, SamplingOptions.Greedy).ToArray();
    }
}
