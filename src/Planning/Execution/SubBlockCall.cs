using Splitwise.Contracts;

namespace Splitwise.Planning.Execution;

/// <summary>
/// One call of a stage to one tier's sub-blocks: in place on the stage's own tier, else one call to that tier's stage
/// grain that crosses the link with <see cref="In"/> and comes back with <see cref="Partial"/> and <see cref="Hidden"/>.
/// Attention calls name head <see cref="Groups"/>; an FFN front names <see cref="Whole"/> slices, split slices with both
/// halves here (<see cref="Local"/>) and W1 halves whose W2 is on the other tier (<see cref="UpOnly"/>); an FFN back names
/// the W2 halves (<see cref="DownOnly"/>) fed by the hidden of front number <see cref="Front"/>.
/// </summary>
public sealed record SubBlockCall(Tier Tier, bool Far, int[] Groups, int[] Whole, int[] Local, int[] UpOnly, int[] DownOnly,
    Payload In, Payload? Partial, Payload? Hidden, int Front = -1)
{
    /// <summary>Sub-block grain calls it makes: one per head group, whole slice, W1 or W2 half.</summary>
    public int SubBlockCalls => Groups.Length + Whole.Length + 2 * Local.Length + UpOnly.Length + DownOnly.Length;
}
