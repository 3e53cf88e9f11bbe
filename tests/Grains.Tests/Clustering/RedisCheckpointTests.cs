using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Splitwise.Client;
using Splitwise.Contracts;
using Splitwise.Contracts.Grains;
using Splitwise.Contracts.Plans;
using Splitwise.Grains.Hosting;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;
using StackExchange.Redis;

namespace Splitwise.Grains.Tests.Clustering;

/// <summary>
/// Partition checkpoints in Redis (a redis-server of its own, membership and grain state there): every activation is
/// collected mid-generation, later the cloud host stops and a new one starts; the generation goes on with the
/// reference's greedy tokens, its head groups restored from their checkpoints in Redis (the session replays only the
/// tokens after them), and the checkpoints are there as Redis keys.
/// </summary>
public class RedisCheckpointTests
{
    private const string Model = "tiny";
    private const string Prompt = "And God said, Let there be light";
    private const int Tokens = 16;
    private const int StopAt = 9;

    [SkippableFact]
    public async Task ACollectionAndACloudHostRestartMidGenerationResumeFromTheCheckpointsInRedis()
    {
        using var redis = await RedisServer.Start();
        using var model = new TinyModel(seed: 8);
        var ports = FreePorts.Take(4);
        var cluster = new Dictionary<string, string?>
        {
            ["Fabric:Clustering"] = "Redis",
            ["Fabric:Redis:ConnectionString"] = redis.ConnectionString,
            ["Fabric:ClusterId"] = "redis-checkpoint-" + Guid.NewGuid().ToString("N"),
            ["Fabric:Checkpoint:Store"] = "durable",
            ["Fabric:Checkpoint:EveryTokens"] = "4",
        };

        using var edge = FabricHosting.BuildHost(Tier.Edge, Silo(cluster, ports[0], ports[1], model.Path), logLevel: LogLevel.Error);
        var cloud = FabricHosting.BuildHost(Tier.Cloud, Silo(cluster, ports[2], ports[3], model.Path), logLevel: LogLevel.Error);
        await Task.WhenAll(edge.StartAsync(), cloud.StartAsync());
        try
        {
            await using var connection = await FabricConnection.Connect(new ConfigurationBuilder().AddInMemoryCollection(cluster).Build());
            var client = connection.Client;
            Assert.True((await client.SetPlan(Model, (dims, spec) => PartitionPlans.FirstLayersOnEdge(2, dims, spec, "fp32"))).Applied);

            var steps = new List<TokenStep>();
            await foreach (var step in client.Generate(Model, new GenerationRequest(Prompt, Tokens)))
            {
                steps.Add(step);
                // Every activation collected: the head groups come back from their checkpoints in Redis.
                if (steps.Count == StopAt)
                    await edge.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                if (steps.Count == StopAt + 3)
                {
                    await cloud.StopAsync();
                    cloud.Dispose();
                    cloud = FabricHosting.BuildHost(Tier.Cloud, Silo(cluster, ports[2], ports[3], model.Path), logLevel: LogLevel.Error);
                    await cloud.StartAsync();
                }
            }

            Assert.Equal(Reference(model.Path), steps.Select(s => s.Token));
            var resumed = steps[StopAt..].First(s => s.Recovery is not null).Recovery!;
            var from = int.Parse(resumed.Split("from position ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.True(from > 0 && from % 4 == 0, resumed);
            using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var keys = mux.GetServer(mux.GetEndPoints()[0]).Keys(pattern: "*").Select(k => k.ToString()).ToArray();
            Assert.Contains(keys, k => k.Contains("subblock", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await cloud.StopAsync();
            cloud.Dispose();
            await edge.StopAsync();
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
