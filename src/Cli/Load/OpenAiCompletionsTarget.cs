using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Splitwise.Cli.Load;

/// <summary>
/// The edge host's OpenAI-compatible `POST /v1/completions` with `"stream": true`: server-sent events, one
/// `text_completion` chunk per token, a last chunk with its `finish_reason`, then `data: [DONE]`. Greedy
/// (temperature 0) so a run is repeatable; a bearer key when the gateway requires one. A non-success status is an error
/// carrying the body (OpenAI's error JSON).
/// </summary>
public sealed class OpenAiCompletionsTarget(HttpClient http, string baseUrl, string model, string? apiKey) : ILoadTarget
{
    public string Description => $"HTTP POST {Url} (stream, temperature 0)";

    private string Url => $"{baseUrl.TrimEnd('/')}/v1/completions";

    public async IAsyncEnumerable<int> Generate(string prompt, int tokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model, ["prompt"] = prompt, ["max_tokens"] = tokens, ["stream"] = true, ["temperature"] = 0,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var index = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            var data = line["data: ".Length..];
            if (data == "[DONE]")
                yield break;
            if (IsToken(data))
                yield return index++;
        }

        throw new HttpRequestException("the stream ended without data: [DONE]");
    }

    /// <summary>A chunk that carries a token: a choice without a finish reason (the last chunk and a usage chunk carry none).</summary>
    public static bool IsToken(string data)
    {
        using var json = JsonDocument.Parse(data);
        if (json.RootElement.TryGetProperty("error", out var error))
            throw new HttpRequestException($"the stream ended with an error: {error}");
        if (!json.RootElement.TryGetProperty("choices", out var choices) || choices.GetArrayLength() == 0)
            return false;
        var choice = choices[0];
        return !choice.TryGetProperty("finish_reason", out var finish) || finish.ValueKind == JsonValueKind.Null;
    }
}
