namespace Splitwise.Contracts.Errors;

/// <summary>
/// A request the fabric refuses or cannot serve, with a message meant for the caller. Serializable so
/// that it reaches the client with its type; the silos keep serving other requests.
/// </summary>
[GenerateSerializer, Alias("splitwise.FabricException")]
public class FabricException : Exception
{
    public FabricException()
    {
    }

    public FabricException(string message) : base(message)
    {
    }
}
