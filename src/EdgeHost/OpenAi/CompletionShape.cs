namespace Splitwise.EdgeHost.OpenAi;

/// <summary>/v1/completions: "text_completion" objects, streamed as the same objects holding one token's text.</summary>
public sealed class CompletionShape(string idPrefix) : ResponseShape(idPrefix)
{
    private const string Kind = "text_completion";

    public override object Whole(string model, string text, string finishReason, object usage, object placement) => new
    {
        Id, Object = Kind, Created, Model = model,
        Choices = new[] { new { Text = text, Index = 0, Logprobs = (object?)null, FinishReason = finishReason } },
        Usage = usage, Splitwise = placement,
    };

    public override IEnumerable<object> Opening(string model) => [];

    public override object Chunk(string model, string text, string? finishReason, object? placement) => new
    {
        Id, Object = Kind, Created, Model = model,
        Choices = new[] { new { Text = text, Index = 0, Logprobs = (object?)null, FinishReason = finishReason } },
        Splitwise = placement,
    };

    public override object UsageChunk(string model, object usage) => new { Id, Object = Kind, Created, Model = model, Choices = Array.Empty<object>(), Usage = usage };
}
