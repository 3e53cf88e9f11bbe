using Splitwise.Contracts.Errors;

namespace Splitwise.Contracts.Clustering;

/// <summary>
/// The clustering part of the "Fabric" configuration section, shared by the silos and the clients:
/// <c>Clustering</c> (Localhost | Redis), <c>Redis:ConnectionString</c>, <c>ServiceId</c>, <c>ClusterId</c>.
/// Read through a key lookup so that this stays free of any configuration library.
/// </summary>
public sealed record ClusterSettings(ClusteringMode Mode, string? RedisConnectionString, string ServiceId, string ClusterId)
{
    public const string DefaultServiceId = "splitwise";
    public const string DefaultClusterId = "splitwise-local";

    public static ClusterSettings Localhost { get; } = new(ClusteringMode.Localhost, null, DefaultServiceId, DefaultClusterId);

    /// <param name="read">Looks up a key relative to the "Fabric" section, e.g. "Redis:ConnectionString"; null when absent.</param>
    /// <exception cref="FabricConfigurationException">an unknown clustering mode, or Redis without a connection string.</exception>
    public static ClusterSettings From(Func<string, string?> read)
    {
        var modeText = read("Clustering");
        var mode = string.IsNullOrWhiteSpace(modeText) ? ClusteringMode.Localhost
            : Enum.TryParse<ClusteringMode>(modeText.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new FabricConfigurationException("Fabric:Clustering", modeText, "Localhost or Redis");
        var redis = read("Redis:ConnectionString");
        if (mode == ClusteringMode.Redis && string.IsNullOrWhiteSpace(redis))
            throw new FabricConfigurationException("Fabric:Redis:ConnectionString", redis, "a Redis connection string such as localhost:6379 (required with Fabric:Clustering=Redis)");
        return new ClusterSettings(mode, redis, NonEmpty(read("ServiceId"), DefaultServiceId), NonEmpty(read("ClusterId"), DefaultClusterId));
    }

    private static string NonEmpty(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
