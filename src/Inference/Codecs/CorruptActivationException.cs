namespace Splitwise.Inference.Codecs;

/// <summary>
/// Bytes handed to <see cref="IActivationCodec.Decode"/> that are not a valid encoding for that codec
/// (truncated, wrong codec, impossible shape, bad scale). Typed so that a receiving silo can reject
/// the message instead of crashing or computing with garbage.
/// </summary>
public sealed class CorruptActivationException(string codec, string problem)
    : FormatException($"corrupt activation for codec '{codec}': {problem}")
{
    public string Codec { get; } = codec;

    public string Problem { get; } = problem;
}
