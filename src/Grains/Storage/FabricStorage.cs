using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using StackExchange.Redis;

namespace Splitwise.Grains.Storage;

/// <summary>
/// The fabric's grain storage, named <see cref="Name"/>: Redis when the cluster's membership is in Redis (the
/// same server), else files under a state directory. Both serialize with Orleans' own binary serializer: the
/// stored types are already [GenerateSerializer] contracts, and it is compact where the JSON default is not.
/// </summary>
public static class FabricStorage
{
    public const string Name = "splitwise";

    /// <summary>The state directory when none is configured: the user's local data folder, else the working directory.</summary>
    public static string DefaultDirectory()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(string.IsNullOrEmpty(data) ? Environment.CurrentDirectory : data, "splitwise", "state");
    }

    public static void Add(ISiloBuilder silo, string? redisConnection, string? stateDirectory)
    {
        if (!string.IsNullOrEmpty(redisConnection))
        {
            silo.AddRedisGrainStorage(Name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redisConnection));
            silo.Services.AddOptions<Orleans.Persistence.RedisStorageOptions>(Name)
                .Configure<IServiceProvider>((o, sp) => o.GrainStorageSerializer = Binary(sp));
            return;
        }

        var directory = stateDirectory ?? DefaultDirectory();
        silo.Services.AddGrainStorage(Name, (sp, _) => new FileGrainStorage(directory, Binary(sp)));
    }

    private static IGrainStorageSerializer Binary(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
}
