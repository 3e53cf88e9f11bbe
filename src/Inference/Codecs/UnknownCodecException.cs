namespace Splitwise.Inference.Codecs;

/// <summary>A codec name (from a plan or the command line) that <see cref="ActivationCodecs"/> does not know.</summary>
public sealed class UnknownCodecException(string name, IReadOnlyList<string> validNames)
    : ArgumentException($"unknown activation codec '{name}' (valid: {string.Join(", ", validNames)})")
{
    public string RequestedName { get; } = name;

    public IReadOnlyList<string> ValidNames { get; } = validNames;
}
