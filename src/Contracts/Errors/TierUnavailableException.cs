namespace Splitwise.Contracts.Errors;

/// <summary>No active silo serves a tier the plan needs (e.g. the cloud silo is down): the request may succeed later.</summary>
[GenerateSerializer, Alias("splitwise.TierUnavailableException")]
public sealed class TierUnavailableException : FabricException
{
    public TierUnavailableException()
    {
    }

    public TierUnavailableException(string message) : base(message)
    {
    }
}
