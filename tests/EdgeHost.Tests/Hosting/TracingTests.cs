using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Splitwise.Grains.Hosting;

namespace Splitwise.EdgeHost.Tests.Hosting;

/// <summary>
/// A tracer provider listens process-wide: another test's generation running beside this one would add its own
/// gateway span (and write to the exporter's list from another thread), so this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing, alone";
}

/// <summary>One generation is one OpenTelemetry trace: the gateway's span, then the grain calls on both silos under it.</summary>
[Collection(TracingCollection.Name)]
public class TracingTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    [Fact]
    public async Task AGenerationIsOneTraceAcrossTheGrainsOfBothTiers()
    {
        var exported = new List<Activity>();
        // Always on: the request arrives under the HTTP client's unsampled context, which the default parent-based sampler would follow.
        using (Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler()).AddSource(FabricTracing.Sources).AddInMemoryExporter(exported).Build())
        {
            var chat = new ChatClient(EdgeFabric.Model, new System.ClientModel.ApiKeyCredential(EdgeFabric.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(fabric.Address, "/v1") });
            await chat.CompleteChatAsync([new UserChatMessage("In the")], new ChatCompletionOptions { MaxOutputTokenCount = 2, Temperature = 0 });
        }

        var root = Assert.Single(exported, a => a.Source.Name == FabricTracing.GatewaySourceName);
        var trace = exported.Where(a => a.TraceId == root.TraceId).ToArray();
        string? Target(Activity a) => a.Kind == ActivityKind.Server ? a.GetTagItem("orleans.rpc.target_id") as string : null;

        Assert.Equal("chat.completions", root.DisplayName);
        Assert.Contains(trace, a => a.DisplayName == "IGenerationSessionGrain/Start" && a.ParentSpanId != default);
        // The fixture's plan puts layers 2-3 in the cloud: their stage run and sub-blocks are in the same trace.
        Assert.Contains(trace, a => Target(a) is { } t && t.StartsWith("stagerun/", StringComparison.Ordinal) && t.EndsWith("@cloud", StringComparison.Ordinal));
        Assert.Contains(trace, a => Target(a) == $"subblock/{EdgeFabric.Model}/L3.ffn0");
        Assert.Contains(trace, a => Target(a) == $"subblock/{EdgeFabric.Model}/L0.attn0");
    }
}
