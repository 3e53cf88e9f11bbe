using System.Text.Json;
using Splitwise.Client;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.EdgeHost.Partition;

namespace Splitwise.EdgeHost;

/// <summary>
/// The gateway's own generation stream and its resume:
///   GET /generate/{model}?prompt=...&amp;tokens=64[&amp;session=GUID]   NDJSON, one TokenStep per line (camelCase)
///   GET /generate/{model}/{session}?after=N                     the same session's tokens after index N, then the rest
/// Each stream names its session in the <see cref="SessionHeader"/> header (the caller may choose it with
/// <c>session</c>). A session is stored after every token, so when the stream breaks (the edge host died, the fabric
/// failed: the last line is then an error) the client asks for the tokens after the last index it received; an
/// unknown or ended session is 404, a bad index or id 400, each with a typed body.
/// </summary>
public static class GenerateEndpoints
{
    public const string SessionHeader = "Splitwise-Session";

    // camelCase like /plan and the page's feeds (ASP.NET Core's web defaults).
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static void MapGenerate(this WebApplication app)
    {
        app.MapGet("/generate/{model}", (string model, string prompt, int? tokens, string? session, HttpResponse response, FabricClient fabric, GatewayCounters counters, CancellationToken ct) =>
        {
            var id = session is null ? Guid.NewGuid() : Parse(session);
            return Stream(response, id, counters, fabric.Generate(model, new GenerationRequest(prompt, tokens ?? 64), id, ct), ct);
        });
        app.MapGet("/generate/{model}/{session}", (string model, string session, int? after, HttpResponse response, FabricClient fabric, GatewayCounters counters, CancellationToken ct) =>
        {
            var id = Parse(session);
            return Stream(response, id, counters, fabric.Resume(model, id, after ?? -1, ct), ct);
        });
    }

    private static async Task Stream(HttpResponse response, Guid session, GatewayCounters counters, IAsyncEnumerable<TokenStep> steps, CancellationToken ct)
    {
        response.ContentType = "application/x-ndjson";
        response.Headers[SessionHeader] = session.ToString("N");
        using var inFlight = counters.Request();
        await Ndjson.Stream(response, steps, step =>
        {
            counters.Token();
            return JsonSerializer.Serialize(step, WebJson);
        }, ct);
    }

    private static Guid Parse(string session) => Guid.TryParse(session, out var id)
        ? id
        : throw new InvalidRequestException($"a session id is a GUID (32 hex digits, as the {SessionHeader} header gives it), got '{(session.Length > 64 ? session[..64] + "..." : session)}'");
}
