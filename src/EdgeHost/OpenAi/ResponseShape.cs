namespace Splitwise.EdgeHost.OpenAi;

/// <summary>How one endpoint's answers look on the wire: the whole response, and its stream chunks.</summary>
public abstract class ResponseShape(string idPrefix)
{
    protected string Id { get; } = $"{idPrefix}-{Guid.NewGuid():N}";

    protected long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public abstract object Whole(string model, string text, string finishReason, object usage, object placement);

    /// <summary>Chunks sent before the first token.</summary>
    public abstract IEnumerable<object> Opening(string model);

    public abstract object Chunk(string model, string text, string? finishReason, object? placement);

    public abstract object UsageChunk(string model, object usage);
}
