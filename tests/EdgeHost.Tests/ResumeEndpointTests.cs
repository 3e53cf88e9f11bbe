using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Splitwise.Contracts.Grains;

namespace Splitwise.EdgeHost.Tests;

/// <summary>
/// GET /generate/{model}/{session}?after=N: a stored session's stream picked up after the last index the client
/// received (already generated tokens from the record, then the rest); the concatenation equals an unbroken run.
/// An unknown or ended session is 404, a bad id or index 400, each with a typed body.
/// </summary>
public class ResumeEndpointTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    private const int Asked = 12;

    [Fact]
    public async Task AStreamResumedAfterAnyIndexEqualsTheUnbrokenRun()
    {
        using var http = fabric.Http();
        var whole = Tokens(await http.GetStringAsync($"/generate/tiny?prompt=In&tokens={Asked}"));

        // A session left behind by a broken stream: five tokens generated and stored, the client got three.
        var session = Guid.NewGuid();
        var grain = fabric.Services.GetRequiredService<IGrainFactory>().GetGrain<IGenerationSessionGrain>(FabricKeys.Session(EdgeFabric.Model, session));
        await grain.Start(new GenerationRequest("In", Asked));
        for (var i = 0; i < 4; i++)
            await grain.Next();

        using var response = await http.GetAsync($"/generate/tiny/{session:N}?after=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(session.ToString("N"), response.Headers.GetValues(GenerateEndpoints.SessionHeader).Single());
        var resumed = Lines(await response.Content.ReadAsStringAsync());

        Assert.Equal(Enumerable.Range(3, Asked - 3), resumed.Select(l => l.GetProperty("index").GetInt32()));
        Assert.Equal(whole[3..], resumed.Select(l => l.GetProperty("token").GetInt32()));
        Assert.Contains("stored session", resumed[0].GetProperty("recovery").GetString());
        Assert.True(resumed[^1].GetProperty("last").GetBoolean());

        // The resumed stream completed: the session ended with it.
        await AssertError(http, $"/generate/tiny/{session:N}?after=2", 404, "SessionNotFoundException", session.ToString("N"));
    }

    [Fact]
    public async Task AStreamNamesItsSessionAndTheCallerMayChooseIt()
    {
        using var http = fabric.Http();
        var chosen = Guid.NewGuid();
        using var response = await http.GetAsync($"/generate/tiny?prompt=In&tokens=2&session={chosen}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(chosen.ToString("N"), response.Headers.GetValues(GenerateEndpoints.SessionHeader).Single());
    }

    [Fact]
    public async Task AResumeWithABadIndexIs400AndTheSessionIsKept()
    {
        using var http = fabric.Http();
        var session = Guid.NewGuid();
        var grain = fabric.Services.GetRequiredService<IGrainFactory>().GetGrain<IGenerationSessionGrain>(FabricKeys.Session(EdgeFabric.Model, session));
        await grain.Start(new GenerationRequest("In", 4));

        await AssertError(http, $"/generate/tiny/{session:N}?after=-2", 400, "InvalidRequestException", "got -2");
        await AssertError(http, $"/generate/tiny/{session:N}?after=1", 400, "InvalidRequestException", "-1..0");
        await AssertError(http, $"/generate/tiny/{session:N}?after=many", 400, "BadRequest", "after");

        Assert.Equal(4, Lines(await http.GetStringAsync($"/generate/tiny/{session:N}")).Count);
    }

    [Theory]
    [InlineData("/generate/tiny/0123456789abcdef0123456789abcdef?after=3", 404, "SessionNotFoundException", "not stored")]
    [InlineData("/generate/tiny/not-a-session", 400, "InvalidRequestException", "GUID")]
    [InlineData("/generate/tiny?prompt=In&session=xyz", 400, "InvalidRequestException", "GUID")]
    [InlineData("/generate/nope/0123456789abcdef0123456789abcdef", 400, "UnknownModelException", "nope")]
    public async Task AResumeOfNoSessionGetsATypedBody(string url, int status, string error, string mentions)
    {
        using var http = fabric.Http();
        await AssertError(http, url, status, error, mentions);
    }

    private static async Task AssertError(HttpClient http, string url, int status, string error, string mentions)
    {
        using var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Contains(mentions, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static List<JsonElement> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static int[] Tokens(string text) => Lines(text).Select(l => l.GetProperty("token").GetInt32()).ToArray();
}
