using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;

namespace Splitwise.EdgeHost.Tests;

/// <summary>
/// The cloud silo stopping mid-stream: by default the session rides it out (retries, then the safe all-edge plan)
/// and the stream completes with the fault-free run's tokens; with recovery off, the stream ends with a typed error
/// line, not a dropped connection.
/// </summary>
public class StreamErrorTests
{
    private const int Asked = 50;

    [Fact]
    public async Task TheCloudSiloStoppingMidStreamEndsItWithATypedErrorLineWhenRecoveryIsOff()
    {
        var lines = await StreamWhileTheCloudStops(["--Fabric:Recovery:SafePlan", "false", "--Fabric:Recovery:MaxRetries", "0"]);

        var last = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.True(lines.Count <= Asked, $"{lines.Count} lines for {Asked} tokens");
        Assert.True(last.TryGetProperty("error", out var error), $"the stream ended without an error line: {lines[^1]}");
        Assert.NotEqual("InternalError", error.GetProperty("type").GetString());
        Assert.Equal(503, error.GetProperty("status").GetInt32());
        Assert.All(lines[..^1], l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("token", out _)));
    }

    [Fact]
    public async Task TheCloudSiloStoppingMidStreamIsRiddenOutAndTheTokensEqualTheFaultFreeRun()
    {
        List<string>? faultFree = null;
        var lines = await StreamWhileTheCloudStops([], async http => faultFree = await Lines(http));

        Assert.True(lines.Count == Asked, string.Join("\n", lines.TakeLast(2)));
        Assert.Equal(Tokens(faultFree!), Tokens(lines));
        Assert.True(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("last").GetBoolean());
    }

    private static int[] Tokens(List<string> lines) => lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("token").GetInt32()).ToArray();

    private static async Task<List<string>> Lines(HttpClient http)
    {
        var text = await http.GetStringAsync($"/generate/tiny?prompt=In&tokens={Asked}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static async Task<List<string>> StreamWhileTheCloudStops(string[] recovery, Func<HttpClient, Task>? before = null)
    {
        using var model = new TinyModel(seed: 6);
        var p = FreePorts.Take(5).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        // A slow emulated link keeps the generation going while the cloud silo stops.
        string[] common = ["--Fabric:Models:tiny", model.Path, "--Fabric:PrimarySiloPort", p[1], "--Fabric:Link:Mbps", "100", "--Fabric:Link:RttMs", "30", .. recovery, .. StateDirectories.Fresh()];
        await using var edge = EdgeApp.Build([.. common, "--urls", $"http://127.0.0.1:{p[0]}", "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2], "--Logging:LogLevel:Default", "None"]);
        await edge.StartAsync();
        using var cloud = FabricHosting.BuildHost(Tier.Cloud, new ConfigurationBuilder().AddCommandLine([.. common, "--Fabric:SiloPort", p[3], "--Fabric:GatewayPort", p[4]]).Build(), logLevel: LogLevel.None);
        await cloud.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[0]}") };
        for (var attempt = 0; !(await http.PostAsync("/plan/tiny/edge-layers/1", null)).IsSuccessStatusCode && attempt < 20; attempt++)
            await Task.Delay(250);
        if (before is not null)
            await before(http);

        using var response = await http.GetAsync($"/generate/tiny?prompt=In&tokens={Asked}", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string> { (await reader.ReadLineAsync())! };
        var stopping = cloud.StopAsync();
        while (await reader.ReadLineAsync() is { } line)
            lines.Add(line);
        await stopping;
        await edge.StopAsync();
        return lines;
    }
}
