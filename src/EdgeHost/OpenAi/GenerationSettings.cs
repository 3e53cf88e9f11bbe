using System.Text.Json;
using Splitwise.Contracts.Grains;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// A validated OpenAI request as the fabric runs it. Defaults follow OpenAI's: max_tokens 16, temperature 1,
/// top_p 1; without a seed each request draws its own. Only n = 1 is served.
/// </summary>
public sealed record GenerationSettings(string Model, GenerationRequest Request, string[] Stop, bool Stream, bool IncludeUsage)
{
    public const int MaxStopSequences = 4;

    public static GenerationSettings From(SamplingFields fields, string prompt, int defaultMaxTokens, IEnumerable<string>? implicitStops = null)
    {
        if (string.IsNullOrWhiteSpace(fields.Model))
            throw OpenAiError.BadRequest("'model' is required", "model");
        if (fields.N is { } n && n != 1)
            throw OpenAiError.BadRequest($"only n = 1 is served, got {n}", "n");
        var maxTokens = fields.MaxCompletionTokens ?? fields.MaxTokens ?? defaultMaxTokens;
        if (maxTokens <= 0)
            throw OpenAiError.BadRequest($"max_tokens must be positive, got {maxTokens}", "max_tokens");
        var temperature = fields.Temperature ?? 1;
        if (!(temperature >= 0 && temperature <= 2))
            throw OpenAiError.BadRequest($"temperature must be in [0, 2], got {temperature}", "temperature");
        var topP = fields.TopP ?? 1;
        if (!(topP > 0 && topP <= 1))
            throw OpenAiError.BadRequest($"top_p must be in (0, 1], got {topP}", "top_p");
        if (fields.TopK is < 0)
            throw OpenAiError.BadRequest($"top_k must be >= 0, got {fields.TopK}", "top_k");
        var seed = fields.Seed is { } s ? (int)(s ^ (s >> 32)) : Random.Shared.Next();
        var stops = Stops(fields.Stop).Concat(implicitStops ?? []).ToArray();
        var request = new GenerationRequest(prompt, maxTokens, temperature, fields.TopK ?? 0, seed, topP);
        var stream = fields.Stream ?? false;
        return new GenerationSettings(fields.Model, request, stops, stream, stream && fields.StreamOptions?.IncludeUsage == true);
    }

    private static string[] Stops(JsonElement? stop)
    {
        if (stop is not { } element || element.ValueKind == JsonValueKind.Null)
            return [];
        string[] stops = element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array when element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                element.EnumerateArray().Select(e => e.GetString()!).ToArray(),
            _ => throw OpenAiError.BadRequest("stop must be a string or an array of strings", "stop"),
        };
        if (stops.Length > MaxStopSequences || stops.Any(string.IsNullOrEmpty))
            throw OpenAiError.BadRequest($"stop takes up to {MaxStopSequences} non-empty strings", "stop");
        return stops;
    }
}
