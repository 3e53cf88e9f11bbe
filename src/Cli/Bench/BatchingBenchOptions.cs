namespace Splitwise.Cli.Bench;

/// <param name="Levels">numbers of concurrent sessions measured, e.g. 1, 2, 4, 8, 16, 32.</param>
/// <param name="PromptTokens">the longest prompt; session i prefills PromptTokens - 4 (i mod 4) tokens, untimed.</param>
/// <param name="WarmupRounds">untimed rounds after the prompts.</param>
/// <param name="Rounds">timed rounds; in each, every session decodes one token batched and one token alone.</param>
public sealed record BatchingBenchOptions(IReadOnlyList<int> Levels, int PromptTokens, int WarmupRounds, int Rounds, long Seed)
{
    /// <summary>Positions a session holds at the end; must fit the model's context.</summary>
    public int TotalTokens => PromptTokens + 2 * (WarmupRounds + Rounds);

    public void Validate()
    {
        if (Levels.Count == 0 || Levels.Any(l => l <= 0))
            throw new CliUsageException("--sessions must list positive session counts");
        if (PromptTokens < 13)
            throw new CliUsageException($"--prompt must be at least 13 (prompts are 12 tokens apart at most), got {PromptTokens}");
        if (WarmupRounds < 0 || Rounds < 2)
            throw new CliUsageException("--warmup must not be negative and --rounds at least 2");
    }
}
