using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Splitwise.Contracts;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;

namespace Splitwise.EdgeHost.Tests;

/// <summary>The plan is kept in the state directory: hosts stopped and started again find it as it was.</summary>
public class PlanRestartTests
{
    [Fact]
    public async Task ThePlanSurvivesARestartOfBothHosts()
    {
        using var model = new TinyModel(seed: 4);
        var state = StateDirectories.New();
        try
        {
            var set = await WithHosts(model, state, async http =>
            {
                for (var attempt = 0; ; attempt++)
                {
                    using var response = await http.PostAsync("/plan/tiny/edge-layers/1?codec=int8", null);
                    if (response.IsSuccessStatusCode || attempt == 20)
                        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
                    await Task.Delay(250); // the edge learns of the cloud silo through membership a moment after it starts
                }
            });

            var after = await WithHosts(model, state, async http => JsonDocument.Parse(await http.GetStringAsync("/plan/tiny")).RootElement.Clone());

            Assert.Equal(2, set);
            Assert.Equal(set, after.GetProperty("version").GetInt64());
            Assert.Equal("int8", after.GetProperty("codec").GetString());
            Assert.Equal("L1 attn CCCC | ffn CCCC", after.GetProperty("layers")[1].GetString());
        }
        finally
        {
            if (Directory.Exists(state))
                Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<T> WithHosts<T>(TinyModel model, string state, Func<HttpClient, Task<T>> act)
    {
        var p = FreePorts.Take(5).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] common = ["--Fabric:Models:tiny", model.Path, "--Fabric:PrimarySiloPort", p[1], .. StateDirectories.Fresh(state)];
        await using var edge = EdgeApp.Build([.. common, "--urls", $"http://127.0.0.1:{p[0]}", "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2], "--Logging:LogLevel:Default", "None"]);
        await edge.StartAsync();
        using var cloud = FabricHosting.BuildHost(Tier.Cloud, new ConfigurationBuilder().AddCommandLine([.. common, "--Fabric:SiloPort", p[3], "--Fabric:GatewayPort", p[4]]).Build(), logLevel: LogLevel.None);
        await cloud.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[0]}") };
            return await act(http);
        }
        finally
        {
            await cloud.StopAsync();
            await edge.StopAsync();
        }
    }
}
