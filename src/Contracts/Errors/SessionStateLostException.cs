namespace Splitwise.Contracts.Errors;

/// <summary>
/// A sub-block that no longer holds the KV cache a session expects (e.g. state lost on deactivation):
/// refused rather than answered with a silently different result.
/// </summary>
[GenerateSerializer, Alias("splitwise.SessionStateLostException")]
public sealed class SessionStateLostException : FabricException
{
    public SessionStateLostException()
    {
    }

    public SessionStateLostException(string message, int held = 0) : base(message)
    {
        Held = held;
    }

    /// <summary>Positions the sub-block still holds (restored from its checkpoint): a replay from there suffices.</summary>
    [Id(0)]
    public int Held { get; private set; }
}
