using System.Net;
using System.Text.Json;
using Splitwise.Contracts.Errors;

namespace Splitwise.EdgeHost.Tests;

/// <summary>Every bad request to the gateway's own endpoints gets a typed JSON body; outages are 503 with Retry-After.</summary>
public class HttpErrorTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    [Theory]
    [InlineData("GET", "/generate/tiny", 400, "BadRequest", "prompt")]
    [InlineData("GET", "/generate/tiny?prompt=In&tokens=many", 400, "BadRequest", "tokens")]
    [InlineData("GET", "/generate/tiny?prompt=In&tokens=0", 400, "InvalidRequestException", "positive")]
    [InlineData("GET", "/generate/nope?prompt=In", 400, "UnknownModelException", "nope")]
    [InlineData("POST", "/plan/tiny/edge-layers/-1", 400, "InvalidPlanException", "edge-layers must be 0..")]
    [InlineData("POST", "/plan/tiny/edge-layers/999", 400, "InvalidPlanException", "got 999")]
    [InlineData("POST", "/plan/tiny/edge-layers/2?codec=bogus", 400, "InvalidPlanException", "bogus")]
    public async Task ABadRequestGetsATypedBody(string method, string url, int status, string error, string mentions)
    {
        using var http = fabric.Http();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Contains(mentions, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ATooLongUrlIs414WithATypedBody()
    {
        using var http = fabric.Http();
        using var response = await http.GetAsync("/generate/tiny?prompt=" + new string('a', EdgeApp.MaxUrlChars));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("UriTooLong", body.GetProperty("error").GetString());
        Assert.Contains($"at most {EdgeApp.MaxUrlChars}", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"model\": \"tiny\", \"prompt\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"model\": \"tiny\", \"prompt\": \"In\", \"max_tokens\": \"many\"}")]
    [InlineData("not json at all")]
    public async Task ABadJsonBodyIs400WithATypedBody(string json)
    {
        using var http = fabric.Http();
        using var response = await http.PostAsync("/v1/completions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("JSON", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AOneMegabytePromptByPostIs400SayingTheContextIsTooSmall()
    {
        using var http = fabric.Http();
        var body = JsonSerializer.Serialize(new { model = EdgeFabric.Model, prompt = new string('a', 1 << 20), max_tokens = 4 });
        using var response = await http.PostAsync("/v1/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("context", error.GetProperty("message").GetString());
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void OutagesAre503WithRetryAfterAndTheRestAreTyped()
    {
        Assert.Equal((503, 1), Of(new LinkDownException("the link is down")));
        Assert.Equal((503, 1), Of(new TierUnavailableException("no cloud")));
        Assert.Equal((503, 1), Of(new SessionStateLostException("caches gone")));
        Assert.Equal((503, 2), Of(new SiloUnavailableException("the cloud silo died")));
        Assert.Equal((503, 2), Of(new TimeoutException("no answer")));
        Assert.Equal((400, null), Of(new InvalidRequestException("bad")));
        var unknown = HttpError.From(new InvalidOperationException("secret detail"));
        Assert.Equal(500, unknown.Status);
        Assert.Equal("InternalError", unknown.Error);
        Assert.DoesNotContain("secret detail", unknown.Message);
        Assert.Equal("LinkDownException", JsonDocument.Parse(HttpError.From(new LinkDownException("x")).Line()).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    private static (int, int?) Of(Exception e)
    {
        var error = HttpError.From(e);
        return (error.Status, error.RetryAfterSeconds);
    }
}
