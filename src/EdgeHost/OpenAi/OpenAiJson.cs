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

        // An API answer, never embedded in HTML: keep quotes and non-ASCII text readable ("'nope'", not "\u0027nope\u0027").
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);
}
