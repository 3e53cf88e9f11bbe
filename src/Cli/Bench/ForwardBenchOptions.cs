namespace Splitwise.Cli.Bench;

/// <param name="PromptTokens">prefilled once per contestant before any timing.</param>
/// <param name="WarmupSteps">untimed decode steps per contestant after the prompt.</param>
/// <param name="Rounds">timed rounds; in each, every contestant decodes <paramref name="StepsPerRound"/> tokens in turn.</param>
public sealed record ForwardBenchOptions(int PromptTokens, int WarmupSteps, int Rounds, int StepsPerRound, long Seed)
{
    /// <summary>Positions each session holds at the end; must fit the model's context.</summary>
    public int TotalTokens => PromptTokens + WarmupSteps + Rounds * StepsPerRound;
}
