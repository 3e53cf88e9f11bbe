namespace Splitwise.Contracts.Errors;

/// <summary>
/// A sub-block whose batch queue is full (the configured cap on waiting steps): the caller is told at once
/// and may retry or shed the request, instead of the queue growing without bound.
/// </summary>
[GenerateSerializer, Alias("splitwise.SubBlockBusyException")]
public sealed class SubBlockBusyException : FabricException
{
    public SubBlockBusyException()
    {
    }

    public SubBlockBusyException(string message) : base(message)
    {
    }
}
