using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OpenAI;
using OpenAI.Chat;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;

namespace Splitwise.EdgeHost.Tests.Deployment;

/// <summary>
/// The fabric deployed for real on loopback: redis-server, the cloud silo and the edge host as three OS processes
/// (built dlls, real ports, Redis membership), a generation through the OpenAI endpoint, then all of them stopped.
/// </summary>
public class MultiProcessTests
{
    private const string Model = "tiny";

    [SkippableFact]
    public async Task AGenerationRunsAcrossThreeProcessesWithRedisMembership()
    {
        var edgeDll = HostProcess.Dll("EdgeHost", "Splitwise.EdgeHost");
        var cloudDll = HostProcess.Dll("Silo", "Splitwise.Silo");
        Skip.IfNot(File.Exists(edgeDll) && File.Exists(cloudDll), $"the host dlls are not built ({edgeDll}, {cloudDll})");
        using var redis = await RedisServer.Start();
        using var model = new TinyModel(seed: 11);
        var p = FreePorts.Take(6).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] cluster = ["--Fabric:Clustering", "Redis", "--Fabric:Redis:ConnectionString", redis.ConnectionString,
            "--Fabric:ClusterId", "test-" + Guid.NewGuid().ToString("N")[..8], "--Fabric:Models:" + Model, Path.GetFileName(model.Path)];
        var work = Path.GetDirectoryName(model.Path)!; // the model path is relative to the processes' working directory

        using var cloud = HostProcess.Start(cloudDll, [.. cluster, "--urls", $"http://127.0.0.1:{p[0]}", "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2]], work);
        using var edge = HostProcess.Start(edgeDll, [.. cluster, "--urls", $"http://127.0.0.1:{p[3]}", "--Fabric:SiloPort", p[4], "--Fabric:GatewayPort", p[5]], work);
        var hosts = $"\n--- cloud output:\n{{0}}\n--- edge output:\n{{1}}";
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[3]}"), Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            // The plan puts layers 2-3 in the cloud, which succeeds once the edge sees the cloud silo through Redis.
            await HostProcess.Until(async () => (await http.PostAsync($"/plan/{Model}/edge-layers/2", null)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(40), cloud, edge);

            var chat = new ChatClient(Model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(http.BaseAddress, "/v1") });
            var completion = (await chat.CompleteChatAsync([new UserChatMessage("In the")], new ChatCompletionOptions { MaxOutputTokenCount = 4, Temperature = 0 })).Value;

            Assert.Equal(4, completion.Usage.OutputTokenCount);
            using var cloudHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[0]}") };
            Assert.Contains("splitwise_link_crossings_total{", await cloudHttp.GetStringAsync("/metrics")); // the cloud process did the far layers
            Assert.Equal(HttpStatusCode.OK, (await cloudHttp.GetAsync("/dashboard/version")).StatusCode);
            Assert.Contains("Splitwise edge silo", edge.Output);
            Assert.Contains($"model {Model} = {model.Path}", cloud.Output);
        }
        catch (Exception e) when (e is not SkipException)
        {
            throw new Xunit.Sdk.XunitException(e.Message + string.Format(CultureInfo.InvariantCulture, hosts, cloud.Output, edge.Output));
        }
    }
}
