using Splitwise.Client;
using Splitwise.Contracts.Errors;
using Splitwise.Contracts.Grains;
using Splitwise.Grains.Models;

namespace Splitwise.EdgeHost.OpenAi;

/// <summary>
/// One generation as an OpenAI response sees it: the fabric's token stream cut at a stop sequence, with the
/// usage counts and the finish reason ("stop" on a stop sequence, "length" at max_tokens or a full context).
/// Started before any byte is written, so that a bad request or an unreachable tier still gets its status code.
/// </summary>
public sealed class CompletionRun : IAsyncDisposable
{
    private readonly IAsyncEnumerator<TokenStep> _steps;
    private readonly StopSequences _stops;
    private bool _hasStep;

    private CompletionRun(IAsyncEnumerator<TokenStep> steps, string[] stops, int promptTokens)
    {
        _steps = steps;
        _stops = new StopSequences(stops);
        PromptTokens = promptTokens;
    }

    public int PromptTokens { get; }

    public int CompletionTokens { get; private set; }

    public string FinishReason { get; private set; } = "length";

    public static async Task<CompletionRun> Start(FabricClient fabric, ModelCatalog catalog, GenerationSettings settings, CancellationToken cancellationToken)
    {
        if (!catalog.Names.Contains(settings.Model))
            throw new UnknownModelException(settings.Model, catalog.Names);
        var promptTokens = catalog.Get(settings.Model).Tokenizer.Encode(settings.Request.Prompt).Count;
        var steps = fabric.Generate(settings.Model, settings.Request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var run = new CompletionRun(steps, settings.Stop, promptTokens);
        try
        {
            run._hasStep = await steps.MoveNextAsync();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Each generated token with the text it releases (empty while a possible stop sequence is held back).</summary>
    public async IAsyncEnumerable<(string Text, TokenStep Step)> Pieces()
    {
        while (_hasStep)
        {
            var step = _steps.Current;
            CompletionTokens++;
            var text = _stops.Push(step.Text);
            if (_stops.Stopped)
            {
                FinishReason = "stop";
                yield return (text, step);
                yield break;
            }

            if (step.Last)
            {
                yield return (text + _stops.Flush(), step);
                yield break;
            }

            yield return (text, step);
            _hasStep = await _steps.MoveNextAsync();
        }
    }

    public object Usage => new { PromptTokens, CompletionTokens, TotalTokens = PromptTokens + CompletionTokens };

    // Ending the enumeration early (a stop sequence, a client gone) ends the session and frees its KV caches.
    public ValueTask DisposeAsync() => _steps.DisposeAsync();
}
