using System.Text.Json;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>The sampling fields /v1/completions and /v1/chat/completions share (top_k is an extension OpenAI lacks).</summary>
public abstract record SamplingFields
{
    public string? Model { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>Newer clients send this name for chat instead of max_tokens.</summary>
    public int? MaxCompletionTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? TopK { get; init; }

    public long? Seed { get; init; }

    public JsonElement? Stop { get; init; }

    public bool? Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    public int? N { get; init; }
}

public sealed record StreamOptions(bool? IncludeUsage);

public sealed record CompletionRequest : SamplingFields
{
    /// <summary>A string, or an array holding one string.</summary>
    public JsonElement? Prompt { get; init; }
}

public sealed record ChatCompletionRequest : SamplingFields
{
    public ChatMessage[]? Messages { get; init; }
}

/// <summary>Content is a string or an array of parts of which the "text" ones are read.</summary>
public sealed record ChatMessage(string? Role, JsonElement? Content);
