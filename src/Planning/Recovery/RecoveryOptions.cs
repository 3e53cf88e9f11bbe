namespace Splitwise.Planning.Recovery;

/// <summary>
/// How a session rides out a failing edge-cloud link (`Fabric:Recovery:*`). Each far call that the link refused or
/// lost is retried after <see cref="Backoff.Delay"/> waits (initial x factor^attempt, capped, with equal jitter);
/// a step whose calls still fail <see cref="FallbackAfterFailures"/> times in a row falls back to the safe plan:
/// everything on the edge, when the model fits the edge's memory (<see cref="EdgeMemoryBytes"/>), rebuilt there by
/// replaying the session's tokens; otherwise the session waits for the link at most <see cref="LinkWaitSeconds"/>
/// and then tells the client. On the safe plan, every <see cref="ProbeEveryTokens"/> tokens the session tries the
/// policy's plan again and returns to it when the link answers.
/// </summary>
public sealed record RecoveryOptions
{
    /// <summary>Retries of one far call before its step counts as failed.</summary>
    public int MaxRetries { get; init; } = 4;

    public double InitialDelayMs { get; init; } = 50;

    public double Factor { get; init; } = 2;

    public double MaxDelayMs { get; init; } = 800;

    /// <summary>Whether a failing step recovers (replays lost caches, takes the safe plan or waits for the link); false: its failure goes to the caller.</summary>
    public bool SafePlan { get; init; } = true;

    /// <summary>Failed steps in a row (each after its calls' retries) before the session takes the safe plan.</summary>
    public int FallbackAfterFailures { get; init; } = 1;

    /// <summary>Tokens generated on the safe plan between tries of the policy's plan.</summary>
    public int ProbeEveryTokens { get; init; } = 4;

    /// <summary>How long a session whose model does not fit the edge waits for the link before it gives up.</summary>
    public double LinkWaitSeconds { get; init; } = 10;

    /// <summary>Memory the edge may give the safe plan; null: the emulated edge device's, or unbounded when none is emulated.</summary>
    public long? EdgeMemoryBytes { get; init; }

    /// <summary>No retries, no fallback: the first failure ends the step (what the fabric did before recovery).</summary>
    public static RecoveryOptions None { get; } = new() { MaxRetries = 0, SafePlan = false };

    public void Validate()
    {
        if (MaxRetries < 0 || InitialDelayMs < 0 || Factor < 1 || MaxDelayMs < InitialDelayMs || FallbackAfterFailures < 1 || ProbeEveryTokens < 1 || LinkWaitSeconds < 0 || EdgeMemoryBytes < 0)
            throw new ArgumentException($"invalid recovery options: {this} (retries >= 0, 0 <= initial <= max delay, factor >= 1, fallback after >= 1, probe every >= 1, link wait >= 0)");
    }
}
