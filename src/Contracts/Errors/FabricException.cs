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
