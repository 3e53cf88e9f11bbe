namespace Splitwise.Cli.Load;

/// <summary>
/// What a load test drives: one generation streamed token by token. The fabric through the native client SDK and the
/// edge host's HTTP `/generate` are the two today; an OpenAI `/v1/completions` target is one more implementation.
/// </summary>
public interface ILoadTarget
{
    string Description { get; }

    /// <summary>Yields once per generated token, as it arrives.</summary>
    IAsyncEnumerable<int> Generate(string prompt, int tokens, CancellationToken cancellationToken);
}
