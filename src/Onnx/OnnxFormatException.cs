namespace Splitwise.Onnx;

/// <summary>
/// A file or byte string that is not a usable ONNX model (empty, not protobuf, truncated, no graph), or a graph
/// that cannot be cut as asked. Says which source and why.
/// </summary>
public sealed class OnnxFormatException(string source, string message, Exception? inner = null)
    : Exception($"{source}: {message}", inner)
{
    /// <summary>The file path, or a description of the bytes that were read.</summary>
    public string ModelSource { get; } = source;
}
