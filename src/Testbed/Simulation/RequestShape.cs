namespace Splitwise.Testbed.Simulation;

/// <summary>
/// The request a plan is chosen for: a prompt of <see cref="PromptTokens"/> and <see cref="OutputTokens"/> generated
/// tokens (the first comes out of the prefill). Route and plan choices minimise its total service time.
/// </summary>
public readonly record struct RequestShape(int PromptTokens, int OutputTokens)
{
    /// <summary>Decode steps after the prefill.</summary>
    public int DecodeSteps => Math.Max(0, OutputTokens - 1);

    /// <summary>Context of the middle decode step: the decode cost at it stands for the mean over the request.</summary>
    public int MeanDecodeContext => PromptTokens + DecodeSteps / 2;

    public int MaxContext => PromptTokens + OutputTokens;
}
