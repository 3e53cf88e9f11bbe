using System.Text;
using System.Text.Json;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// Turns chat messages into one prompt for a plain language model (the bundled byte-level model was never
/// chat-tuned): each message as "Role: content" on its own line, then "Assistant:" for the model to continue.
/// A new "\nUser:" line in the reply ends it, as a stop sequence.
/// </summary>
public static class ChatTemplate
{
    public static readonly string[] Stops = ["\nUser:"];

    public static string Render(ChatMessage[]? messages)
    {
        if (messages is not { Length: > 0 })
            throw OpenAiError.BadRequest("'messages' must hold at least one message", "messages");
        var prompt = new StringBuilder();
        for (var i = 0; i < messages.Length; i++)
        {
            var role = messages[i].Role switch
            {
                "system" or "developer" => "System",
                "user" => "User",
                "assistant" => "Assistant",
                var other => throw OpenAiError.BadRequest($"messages[{i}].role '{other}' is not one of system, developer, user, assistant", $"messages[{i}].role"),
            };
            prompt.Append(role).Append(": ").Append(Text(messages[i].Content, i)).Append('\n');
        }

        return prompt.Append("Assistant:").ToString();
    }

    private static string Text(JsonElement? content, int index) => content switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: JsonValueKind.Array } parts => string.Concat(parts.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t) && t.GetString() == "text")
            .Select(p => p.TryGetProperty("text", out var text) ? text.GetString() : "")),
        _ => throw OpenAiError.BadRequest($"messages[{index}].content must be a string or an array of text parts", $"messages[{index}].content"),
    };
}
