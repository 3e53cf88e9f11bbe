namespace Splitwise.Contracts.Errors;

/// <summary>
/// A session asked to resume that is not stored: it never started, it ended (its stream completed or was abandoned
/// by the client), or its record was lost. The gateway answers 404.
/// </summary>
[GenerateSerializer, Alias("splitwise.SessionNotFoundException")]
public sealed class SessionNotFoundException : FabricException
{
    public SessionNotFoundException()
    {
    }

    public SessionNotFoundException(string message) : base(message)
    {
    }
}
