namespace Splitwise.EdgeHost.OpenAi;

/// <summary>/v1/chat/completions: a "chat.completion", streamed as "chat.completion.chunk" deltas (the role first).</summary>
public sealed class ChatShape(string idPrefix) : ResponseShape(idPrefix)
{
    private const string Kind = "chat.completion";
    private const string ChunkKind = "chat.completion.chunk";

    public override object Whole(string model, string text, string finishReason, object usage, object placement) => new
    {
        Id, Object = Kind, Created, Model = model,
        Choices = new[] { new { Index = 0, Message = new { Role = "assistant", Content = text, Refusal = (string?)null }, Logprobs = (object?)null, FinishReason = finishReason } },
        Usage = usage, Splitwise = placement,
    };

    public override IEnumerable<object> Opening(string model) =>
        [new { Id, Object = ChunkKind, Created, Model = model, Choices = new[] { new { Index = 0, Delta = (object)new { Role = "assistant", Content = "" }, Logprobs = (object?)null, FinishReason = (string?)null } } }];

    public override object Chunk(string model, string text, string? finishReason, object? placement) => new
    {
        Id, Object = ChunkKind, Created, Model = model,
        Choices = new[] { new { Index = 0, Delta = finishReason is null ? (object)new { Content = text } : new { }, Logprobs = (object?)null, FinishReason = finishReason } },
        Splitwise = placement,
    };

    public override object UsageChunk(string model, object usage) => new { Id, Object = ChunkKind, Created, Model = model, Choices = Array.Empty<object>(), Usage = usage };
}
