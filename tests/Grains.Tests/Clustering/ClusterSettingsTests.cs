using Splitwise.Contracts.Clustering;
using Splitwise.Contracts.Errors;

namespace Splitwise.Grains.Tests.Clustering;

public class ClusterSettingsTests
{
    private static ClusterSettings Read(params (string Key, string Value)[] entries) =>
        ClusterSettings.From(key => entries.FirstOrDefault(e => e.Key == key).Value);

    [Fact]
    public void AbsentMeansLocalhostWithTheDefaultIds() => Assert.Equal(ClusterSettings.Localhost, Read());

    [Fact]
    public void RedisCarriesItsConnectionStringAndIds()
    {
        var settings = Read(("Clustering", "redis"), ("Redis:ConnectionString", "cache:6379"), ("ClusterId", "prod"));
        Assert.Equal(new ClusterSettings(ClusteringMode.Redis, "cache:6379", ClusterSettings.DefaultServiceId, "prod"), settings);
    }

    [Fact]
    public void RedisWithoutAConnectionStringNamesTheMissingKey()
    {
        var e = Assert.Throws<FabricConfigurationException>(() => Read(("Clustering", "Redis")));
        Assert.Equal("Fabric:Redis:ConnectionString", e.Key);
    }

    [Theory]
    [InlineData("Consul")]
    [InlineData("2")]
    public void UnknownModesAreRefusedWithTheChoices(string mode)
    {
        var e = Assert.Throws<FabricConfigurationException>(() => Read(("Clustering", mode)));
        Assert.Contains("Localhost or Redis", e.Message);
    }
}
