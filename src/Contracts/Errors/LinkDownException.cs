namespace Splitwise.Contracts.Errors;

/// <summary>A call across the emulated edge-cloud link while the link is down.</summary>
[GenerateSerializer, Alias("splitwise.LinkDownException")]
public sealed class LinkDownException : FabricException
{
    public LinkDownException()
    {
    }

    public LinkDownException(string message) : base(message)
    {
    }
}
