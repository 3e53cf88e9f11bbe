namespace Splitwise.Contracts.Errors;

/// <summary>A generation request that cannot run: empty prompt, prompt longer than the context, bad options.</summary>
[GenerateSerializer, Alias("splitwise.InvalidRequestException")]
public sealed class InvalidRequestException : FabricException
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message) : base(message)
    {
    }
}
