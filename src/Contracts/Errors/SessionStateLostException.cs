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

    public SessionStateLostException(string message) : base(message)
    {
    }
}
