using System.Text.Json;
using System.Text.Json.Nodes;

namespace Splitwise.Inference.Models;

/// <summary>Typed reads of a Hugging Face config.json's fields: a wrong kind of value names the field, not a cast.</summary>
internal static class ConfigJson
{
    /// <exception cref="ArgumentException">the value is not an integer.</exception>
    public static int Int(string key, JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out var n)
            ? n
            : throw new ArgumentException($"config.json: '{key}' is {Shorten(value.ToJsonString())}, not an integer");

    /// <summary>The "model_type" string, or null when absent.</summary>
    /// <exception cref="ArgumentException">the document is not an object, or model_type not a string.</exception>
    public static string? ModelType(string json)
    {
        var o = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("config.json is not a JSON object");
        return o["model_type"] switch
        {
            null => null,
            { } v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            { } v => throw new ArgumentException($"config.json: 'model_type' is {Shorten(v.ToJsonString())}, not a string"),
        };
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
