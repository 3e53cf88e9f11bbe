using System.Text.Json;
using Splitwise.Client;
using Splitwise.Contracts.Grains;
using Splitwise.EdgeHost.Partition;
using Splitwise.Grains.Hosting;
using Splitwise.Grains.Models;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// OpenAI-compatible endpoints on the edge gateway, so that existing clients and SDKs speak to the fabric:
///   GET  /v1/models             the models this fabric serves
///   POST /v1/completions        a prompt continued (stream: server-sent events ending "data: [DONE]")
///   POST /v1/chat/completions   messages rendered by <see cref="ChatTemplate"/>, then continued
/// Each response carries an extra "splitwise" field: where each token's sub-blocks ran.
/// </summary>
public static class OpenAiEndpoints
{
    public const int DefaultMaxTokens = 16;

    public static void MapOpenAi(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/models", (ModelCatalog catalog) => Results.Json(new
        {
            Object = "list",
            Data = catalog.Names.Order(StringComparer.Ordinal).Select(name => new { Id = name, Object = "model", Created = 0, OwnedBy = "splitwise" }),
        }, OpenAiJson.Options));
        v1.MapPost("/completions", (HttpContext context, FabricClient fabric, ModelCatalog catalog) => Guarded(context, async () =>
        {
            var request = await Read<CompletionRequest>(context);
            var settings = GenerationSettings.From(request, Prompt(request.Prompt), DefaultMaxTokens);
            await Respond(context, fabric, catalog, settings, new CompletionShape("cmpl"));
        }));
        v1.MapPost("/chat/completions", (HttpContext context, FabricClient fabric, ModelCatalog catalog) => Guarded(context, async () =>
        {
            var request = await Read<ChatCompletionRequest>(context);
            var settings = GenerationSettings.From(request, ChatTemplate.Render(request.Messages), DefaultMaxTokens, ChatTemplate.Stops);
            await Respond(context, fabric, catalog, settings, new ChatShape("chatcmpl"));
        }));
    }

    private static async Task Respond(HttpContext context, FabricClient fabric, ModelCatalog catalog, GenerationSettings settings, ResponseShape shape)
    {
        var ct = context.RequestAborted;
        using var activity = FabricTracing.Gateway.StartActivity(shape is ChatShape ? "chat.completions" : "completions");
        activity?.SetTag("gen_ai.request.model", settings.Model);
        var counters = context.RequestServices.GetRequiredService<GatewayCounters>();
        using var inFlight = counters.Request();
        await using var run = await CompletionRun.Start(fabric, catalog, settings, ct);
        var response = context.Response;
        if (!settings.Stream)
        {
            var text = new System.Text.StringBuilder();
            var steps = new List<TokenStep>();
            await foreach (var (piece, step) in run.Pieces())
            {
                counters.Token();
                text.Append(piece);
                steps.Add(step);
            }

            await response.WriteAsJsonAsync(shape.Whole(settings.Model, text.ToString(), run.FinishReason, run.Usage, TokenTrace.OfTokens(steps)), OpenAiJson.Options, ct);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        foreach (var opening in shape.Opening(settings.Model))
            await Send(response, opening, ct);
        await foreach (var (piece, step) in run.Pieces())
        {
            counters.Token();
            await Send(response, shape.Chunk(settings.Model, piece, null, TokenTrace.OfToken(step)), ct);
        }

        await Send(response, shape.Chunk(settings.Model, "", run.FinishReason, null), ct);
        if (settings.IncludeUsage)
            await Send(response, shape.UsageChunk(settings.Model, run.Usage), ct);
        await response.WriteAsync("data: [DONE]\n\n", ct);
    }

    private static async Task Send(HttpResponse response, object chunk, CancellationToken ct)
    {
        await response.WriteAsync("data: " + OpenAiJson.Serialize(chunk) + "\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    // Every failure leaves as OpenAI's error JSON: before the stream starts with its status, after it as a last event.
    private static async Task Guarded(HttpContext context, Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            var error = OpenAiError.From(e) ?? new OpenAiError(500, $"{e.GetType().Name}: {e.Message}", "server_error");
            if (!context.Response.HasStarted)
                await error.Write(context.Response);
            else
                await context.Response.WriteAsync("data: " + OpenAiJson.Serialize(error.Body) + "\n\n");
        }
    }

    private static async Task<T> Read<T>(HttpContext context)
        where T : class
    {
        if (context.Request.HasJsonContentType() is false && context.Request.ContentType is { Length: > 0 } type)
            throw OpenAiError.BadRequest($"the body must be application/json, got '{type}'");
        return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, OpenAiJson.Options, context.RequestAborted)
            ?? throw OpenAiError.BadRequest("the body is empty: a JSON object is expected");
    }

    private static string Prompt(JsonElement? prompt) => prompt switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() == 1 && a[0].ValueKind == JsonValueKind.String => a[0].GetString()!,
        { ValueKind: JsonValueKind.Array } => throw OpenAiError.BadRequest("only one prompt per request is served (an array of one string)", "prompt"),
        _ => throw OpenAiError.BadRequest("'prompt' is required: a string", "prompt"),
    };
}
