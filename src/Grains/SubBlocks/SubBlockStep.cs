namespace Splitwise.Grains.SubBlocks;

/// <summary>
/// One session's call to a sub-block, waiting for (or in) a batch: the session and position (a head group's; an
/// FFN part ignores them), its fp32 input and the plan version it was made under (its checkpoint records it).
/// </summary>
public sealed record SubBlockStep(Guid Session, int Position, byte[] Input, long PlanVersion);

/// <summary>What a batch gave one step: its output, or why this step (not the batch) failed.</summary>
public sealed record SubBlockStepResult(byte[]? Output, Exception? Error)
{
    public static SubBlockStepResult Failed(Exception error) => new(null, error);

    public byte[] OutputOrThrow()
    {
        if (Output is { } output)
            return output;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(Error ?? new InvalidOperationException("a step without output or error"));
        return [];
    }
}
