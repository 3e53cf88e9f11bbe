namespace Splitwise.Contracts.Errors;

/// <summary>A call across the emulated edge-cloud link while the link is down.</summary>
[GenerateSerializer, Alias("splitwise.LinkDownException")]
public sealed class LinkDownException : FabricException
{
    public LinkDownException()
    {
    }

    public LinkDownException(string message, bool reachedCallee = false) : base(message)
    {
        ReachedCallee = reachedCallee;
    }

    /// <summary>
    /// False when the request never crossed, so the callee did not run and the call may be retried as is;
    /// true when the response was lost after the callee ran (its side effects, e.g. a KV cache entry, stand).
    /// </summary>
    [Id(0)]
    public bool ReachedCallee { get; private set; }
}
