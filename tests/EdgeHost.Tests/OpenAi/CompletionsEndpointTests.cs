using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Splitwise.EdgeHost.Tests.OpenAi;

/// <summary>/v1/completions and the error shape over plain HTTP (the OpenAI 2.x client has no legacy completions client).</summary>
public class CompletionsEndpointTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, object body, string? key = EdgeFabric.ApiKey)
    {
        using var http = fabric.Http(key);
        using var response = await http.PostAsJsonAsync(path, body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Text(JsonElement body) => body.GetProperty("choices")[0].GetProperty("text").GetString()!;

    private static string Finish(JsonElement body) => body.GetProperty("choices")[0].GetProperty("finish_reason").GetString()!;

    [Fact]
    public async Task AFullContextEndsWithLengthAndCountsTheTokensItHadRoomFor()
    {
        var prompt = new string('a', 60); // the tiny model's context is 64

        var (status, body) = await Post("/v1/completions", new { model = EdgeFabric.Model, prompt, max_tokens = 50, temperature = 0 });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("length", Finish(body));
        Assert.Equal(60, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(4, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(4, body.GetProperty("splitwise").GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public async Task AStopSequenceCutsTheTextBeforeItAndEndsWithStop()
    {
        var (_, free) = await Post("/v1/completions", new { model = EdgeFabric.Model, prompt = "In the", max_tokens = 12, temperature = 0 });
        var text = Text(free);
        var stop = text.Substring(4, 2);

        var (status, body) = await Post("/v1/completions", new { model = EdgeFabric.Model, prompt = "In the", max_tokens = 12, temperature = 0, stop = new[] { stop } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("stop", Finish(body));
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], Text(body));
    }

    [Fact]
    public async Task StreamingSendsServerSentEventsEndingWithDone()
    {
        var (_, whole) = await Post("/v1/completions", new { model = EdgeFabric.Model, prompt = "In the", max_tokens = 5, temperature = 0 });
        using var http = fabric.Http();

        using var response = await http.PostAsJsonAsync("/v1/completions", new { model = EdgeFabric.Model, prompt = "In the", max_tokens = 5, temperature = 0, stream = true });
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToArray();
        Assert.Equal(Text(whole), string.Concat(chunks.Select(Text)));
        Assert.Equal("length", Finish(chunks[^1]));
        Assert.All(chunks[..^1], c => Assert.Equal(4, c.GetProperty("splitwise").GetProperty("layers").GetArrayLength()));
    }

    [Fact]
    public async Task ASeedReproducesASampledCompletion()
    {
        object Request() => new { model = EdgeFabric.Model, prompt = "In the", max_tokens = 8, temperature = 1.2, top_p = 0.9, top_k = 20, seed = 42 };

        var (_, first) = await Post("/v1/completions", Request());
        var (_, second) = await Post("/v1/completions", Request());

        Assert.Equal(Text(first), Text(second));
    }

    [Fact]
    public async Task BadJsonIs400InOpenAisErrorShape()
    {
        using var http = fabric.Http();
        using var response = await http.PostAsync("/v1/chat/completions", new StringContent("{\"model\": \"tiny\", \"messages\": [", System.Text.Encoding.UTF8, "application/json"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _));
    }

    [Theory]
    [InlineData("max_tokens", 0)]
    [InlineData("temperature", 3.0)]
    [InlineData("top_p", 0.0)]
    [InlineData("n", 2)]
    public async Task AnOutOfRangeFieldIs400NamingIt(string field, double value)
    {
        var body = new Dictionary<string, object> { ["model"] = EdgeFabric.Model, ["prompt"] = "In the", [field] = value };

        var (status, error) = await Post("/v1/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, error.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task WithoutTheKeyTheApiIs401ButHealthIsOpen()
    {
        var (status, error) = await Post("/v1/completions", new { model = EdgeFabric.Model, prompt = "x" }, key: null);
        using var http = fabric.Http(key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_api_key", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
    }
}
