using System.Text.Json;
using Splitwise.Contracts.Errors;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// An error as OpenAI's API answers it: {"error":{"message","type","param","code"}} with the HTTP status the
/// clients act on (400 bad request, 401 bad key, 404 unknown model, 503 + Retry-After when a tier is down).
/// </summary>
public sealed class OpenAiError(int status, string message, string type = "invalid_request_error", string? param = null, string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>Seconds a client should wait before retrying; set on 503s.</summary>
    public int? RetryAfterSeconds { get; init; }

    public object Body => new { error = new { message = Message, type = Type, param = Param, code = Code } };

    public static OpenAiError BadRequest(string message, string? param = null) => new(400, message, param: param);

    /// <summary>The fabric's typed errors as OpenAI clients expect them; anything else is not ours to translate.</summary>
    public static OpenAiError? From(Exception e) => e switch
    {
        OpenAiError own => own,
        UnknownModelException unknown => new(404, unknown.Message, param: "model", code: "model_not_found"),
        InvalidRequestException or InvalidPlanException => BadRequest(e.Message),
        JsonException json => BadRequest($"the body is not valid JSON for this endpoint: {json.Message}", json.Path?.TrimStart('$', '.')),
        LinkDownException or TierUnavailableException or SessionStateLostException =>
            new(503, e.Message, "server_error", code: "tier_unavailable") { RetryAfterSeconds = 1 },
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
            new(503, $"a silo of the fabric did not answer: {e.Message}", "server_error", code: "tier_unavailable") { RetryAfterSeconds = 2 },
        _ => null,
    };

    public async Task Write(HttpResponse response)
    {
        response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(Body, OpenAiJson.Options);
    }
}
