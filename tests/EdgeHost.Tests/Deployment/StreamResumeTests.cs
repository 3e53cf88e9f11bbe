using System.Globalization;
using System.Net;
using System.Text.Json;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;
using Splitwise.Inference.Generation;
using Splitwise.Inference.Models;

namespace Splitwise.EdgeHost.Tests.Deployment;

/// <summary>
/// A stream whose edge host dies: redis-server, the cloud silo and the edge host as OS processes (Redis membership,
/// sessions and checkpoints in Redis), the edge host killed (SIGKILL) in the middle of a `/generate` stream and
/// started again; the client resumes the session after the last index it received, and what it got before and after
/// the kill is the reference's greedy run.
/// </summary>
public class StreamResumeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Model = "tiny";
    private const string Prompt = "And God said";
    private const int Tokens = 30;
    private const int KillAfter = 10;

    [SkippableFact]
    public async Task AStreamBrokenByAKilledEdgeHostResumesWithTheReferenceTokens()
    {
        var edgeDll = HostProcess.Dll("EdgeHost", "Splitwise.EdgeHost");
        var cloudDll = HostProcess.Dll("Silo", "Splitwise.Silo");
        Skip.IfNot(File.Exists(edgeDll) && File.Exists(cloudDll), $"the host dlls are not built ({edgeDll}, {cloudDll})");
        using var redis = await RedisServer.Start();
        using var model = new TinyModel(seed: 17);
        var p = FreePorts.Take(6).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        string[] common = ["--Fabric:Clustering", "Redis", "--Fabric:Redis:ConnectionString", redis.ConnectionString,
            "--Fabric:ClusterId", "resume-" + Guid.NewGuid().ToString("N")[..8], "--Fabric:Models:" + Model, Path.GetFileName(model.Path),
            "--Fabric:Link:Mbps", "100", "--Fabric:Link:RttMs", "30",
            "--Fabric:Checkpoint:Store", "durable", "--Fabric:Checkpoint:EveryTokens", "4", "--Logging:LogLevel:Default", "Warning"];
        var work = Path.GetDirectoryName(model.Path)!;
        HostProcess Edge() => HostProcess.Start(edgeDll, [.. common, "--urls", $"http://127.0.0.1:{p[3]}", "--Fabric:SiloPort", p[4], "--Fabric:GatewayPort", p[5]], work);
        var expected = Reference(model.Path);

        var cloud = HostProcess.Start(cloudDll, [.. common, "--urls", $"http://127.0.0.1:{p[0]}", "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2]], work);
        var edge = Edge();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[3]}"), Timeout = TimeSpan.FromSeconds(120) };
        try
        {
            await HostProcess.Until(async () => (await http.PostAsync($"/plan/{Model}/edge-layers/2", null)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), cloud, edge);

            // The edge host killed after the tenth line: the connection breaks with no last line.
            var received = new List<JsonElement>();
            string session;
            using (var response = await http.GetAsync($"/generate/{Model}?prompt={Uri.EscapeDataString(Prompt)}&tokens={Tokens}", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                session = response.Headers.GetValues(GenerateEndpoints.SessionHeader).Single();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                while (received.Count < KillAfter && await reader.ReadLineAsync() is { } line)
                    received.Add(JsonDocument.Parse(line).RootElement.Clone());
                edge.Dispose();
                try
                {
                    while (await reader.ReadLineAsync() is { } line)
                        received.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
                catch (Exception e) when (e is IOException or HttpRequestException or JsonException)
                {
                    // the connection was cut mid-line
                }
            }

            Assert.True(received.Count < Tokens, $"the stream completed ({received.Count} lines) before the edge host was killed");
            Assert.DoesNotContain(received, l => l.TryGetProperty("error", out _));
            var lastIndex = received[^1].GetProperty("index").GetInt32();

            edge = Edge();
            await HostProcess.Until(async () => (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), cloud, edge);
            var text = await http.GetStringAsync($"/generate/{Model}/{session}?after={lastIndex}");
            var resumed = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.DoesNotContain(resumed, l => l.TryGetProperty("error", out _));
            foreach (var line in resumed.Where(l => l.TryGetProperty("recovery", out var r) && r.ValueKind == JsonValueKind.String))
                output.WriteLine($"resumed, token {line.GetProperty("index").GetInt32()}: {line.GetProperty("recovery").GetString()}");

            Assert.Equal(Enumerable.Range(0, Tokens), received.Concat(resumed).Select(l => l.GetProperty("index").GetInt32()));
            Assert.Equal(expected, received.Concat(resumed).Select(l => l.GetProperty("token").GetInt32()));
            Assert.True(resumed[^1].GetProperty("last").GetBoolean());
            Assert.False(cloud.HasExited, "the cloud silo shut itself down:\n" + cloud.Output);
        }
        catch (Exception e) when (e is not SkipException)
        {
            throw new Xunit.Sdk.XunitException($"{e}\n--- cloud output:\n{cloud.Output}\n--- edge output:\n{edge.Output}");
        }
        finally
        {
            edge.Dispose();
            cloud.Dispose();
        }
    }

    private static int[] Reference(string modelPath)
    {
        using var loaded = ModelLoader.Open(modelPath);
        using var reference = loaded.LoadReference();
        return TextGenerator.Generate(reference, loaded.Tokenizer.Encode(Prompt), Tokens, SamplingOptions.Greedy).ToArray();
    }
}
