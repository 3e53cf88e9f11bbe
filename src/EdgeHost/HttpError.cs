using System.Globalization;
using System.Text.Json;
using Splitwise.Contracts.Errors;

namespace Splitwise.EdgeHost;

/// <summary>
/// What the gateway's own endpoints (/generate, /plan) answer when something fails: always a typed JSON body
/// <c>{"error": type, "message": ...}</c>, never an empty one. The caller's mistakes are 400, a session to resume that is not stored 404; a tier, the link or a
/// silo that is down or lost is 503 with Retry-After; a stream already under way ends with the same object as its
/// last NDJSON line, <c>{"error": {...}}</c>, instead of a cut connection.
/// </summary>
public sealed record HttpError(int Status, string Error, string Message, int? RetryAfterSeconds = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpError From(Exception e) => e switch
    {
        BadHttpRequestException bad => new(bad.StatusCode, "BadRequest", bad.Message),
        TierUnavailableException or LinkDownException or SessionStateLostException => new(503, e.GetType().Name, e.Message, 1),
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
            new(503, "SiloUnavailable", $"a silo of the fabric did not answer: {e.Message}", 2),
        SessionNotFoundException => new(404, e.GetType().Name, e.Message),
        FabricException => new(400, e.GetType().Name, e.Message),
        _ => new(500, "InternalError", $"the gateway failed ({e.GetType().Name}); see its log"),
    };

    public async Task Write(HttpResponse response)
    {
        response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(new { error = Error, message = Message });
    }

    /// <summary>The NDJSON line that ends a stream which failed after its first line.</summary>
    public string Line() =>
        JsonSerializer.Serialize(new { error = new { type = Error, message = Message, status = Status, retryAfterSeconds = RetryAfterSeconds } }, Json);
}
