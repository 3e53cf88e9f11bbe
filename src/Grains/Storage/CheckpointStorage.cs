using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Splitwise.Grains.SubBlocks;
using StackExchange.Redis;

namespace Splitwise.Grains.Storage;

/// <summary>
/// The grain storage of partition checkpoints, named <see cref="Name"/>, serialized by <see cref="KvCheckpointSerializer"/>:
/// in memory (`Fabric:Checkpoint:Store memory`, the default: it lives as long as the cluster) or durable (`durable`:
/// the Redis server when the membership is in Redis, else files under the state directory, like the plan).
/// </summary>
public static class CheckpointStorage
{
    public const string Name = "splitwise-kv";

    public static void Add(ISiloBuilder silo, string store, string? redisConnection, string? stateDirectory)
    {
        static KvCheckpointSerializer Serializer(IServiceProvider sp) => new(sp.GetRequiredService<CheckpointMeter>().Serialized);
        switch (store.ToLowerInvariant())
        {
            case "memory":
                silo.AddMemoryGrainStorage(Name);
                silo.Services.AddOptions<Orleans.Configuration.MemoryGrainStorageOptions>(Name)
                    .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = Serializer(sp));
                break;
            case "durable" when !string.IsNullOrEmpty(redisConnection):
                silo.AddRedisGrainStorage(Name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redisConnection));
                silo.Services.AddOptions<Orleans.Persistence.RedisStorageOptions>(Name)
                    .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = Serializer(sp));
                break;
            case "durable":
                var directory = Path.Combine(stateDirectory ?? FabricStorage.DefaultDirectory(), "checkpoints");
                silo.Services.AddGrainStorage(Name, (sp, _) => new FileGrainStorage(directory, Serializer(sp)));
                break;
            default:
                throw new ArgumentException($"Fabric:Checkpoint:Store must be 'memory' or 'durable', got '{store}'");
        }
    }
}
