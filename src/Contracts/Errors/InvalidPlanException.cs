namespace Splitwise.Contracts.Errors;

/// <summary>A plan that does not fit the model or the fabric: unknown sub-block, wrong layer count, bad codec.</summary>
[GenerateSerializer, Alias("splitwise.InvalidPlanException")]
public sealed class InvalidPlanException : FabricException
{
    public InvalidPlanException()
    {
    }

    public InvalidPlanException(string message) : base("invalid partition plan: " + message)
    {
    }
}
