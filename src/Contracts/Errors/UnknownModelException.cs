namespace Splitwise.Contracts.Errors;

/// <summary>A model name the silos' catalog does not know.</summary>
[GenerateSerializer, Alias("splitwise.UnknownModelException")]
public sealed class UnknownModelException : FabricException
{
    public UnknownModelException()
    {
    }

    public UnknownModelException(string model, IEnumerable<string> known)
        : base($"unknown model '{model}' (known: {string.Join(", ", known)})") => Model = model;

    [Id(0)]
    public string Model { get; init; } = "";
}
