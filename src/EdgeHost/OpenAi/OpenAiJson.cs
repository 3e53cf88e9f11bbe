using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>OpenAI's wire conventions: snake_case names, nulls written (clients read "finish_reason": null).</summary>
public static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);
}
