using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Splitwise.Contracts.Errors;
using Splitwise.EdgeHost.OpenAi;
using Splitwise.Grains.Tests;
using Splitwise.Grains.Tests.Clustering;

namespace Splitwise.EdgeHost.Tests.OpenAi;

/// <summary>A tier that is not there is the service's trouble, not the caller's: 503 with Retry-After.</summary>
public class TierDownTests
{
    [Fact]
    public async Task WithNoCloudSiloAPlanNeedingTheCloudIs503WithRetryAfter()
    {
        using var model = new TinyModel(seed: 2);
        var p = FreePorts.Take(3).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var edge = EdgeApp.Build(["--Fabric:Models:tiny", model.Path, "--Fabric:PrimarySiloPort", p[1], "--urls", $"http://127.0.0.1:{p[0]}",
            "--Fabric:SiloPort", p[1], "--Fabric:GatewayPort", p[2], "--Logging:LogLevel:Default", "None", .. StateDirectories.Fresh()]);
        await edge.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p[0]}") };

        using var response = await http.PostAsync("/plan/tiny/edge-layers/2", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("PlanNotApplied", body.GetProperty("error").GetString());
        Assert.Contains("no active silo has role 'cloud'", body.GetProperty("message").GetString());
        Assert.False(body.GetProperty("applied").GetBoolean());
        Assert.Equal(1, body.GetProperty("version").GetInt64());

        // Nothing changed: the plan in force is still the first, all on the edge.
        var plan = JsonDocument.Parse(await http.GetStringAsync("/plan/tiny")).RootElement;
        Assert.Equal(1, plan.GetProperty("version").GetInt64());
        Assert.DoesNotContain(plan.GetProperty("layers").EnumerateArray(), l => l.GetString()!.Contains('C'));
        await edge.StopAsync();
    }

    [Theory]
    [InlineData("tier")]
    [InlineData("link")]
    public void ATierOrLinkDownIsAnOpenAi503WithRetryAfter(string what)
    {
        Exception down = what == "tier" ? new TierUnavailableException("the cloud is away") : new LinkDownException("the link is down");

        var error = OpenAiError.From(down)!;

        Assert.Equal(503, error.Status);
        Assert.Equal(1, error.RetryAfterSeconds);
        Assert.Equal("server_error", JsonSerializer.SerializeToElement(error.Body, OpenAiJson.Options).GetProperty("error").GetProperty("type").GetString());
    }
}
