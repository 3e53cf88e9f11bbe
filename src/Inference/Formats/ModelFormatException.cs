namespace Splitwise.Inference.Formats;

/// <summary>A model file that cannot be used; the subclass names the problem.</summary>
public abstract class ModelFormatException(string message) : Exception(message);

public sealed class TruncatedFileException(string path, long expected, long actual)
    : ModelFormatException($"{path}: truncated: needs {expected} bytes, has {actual}");

public sealed class UnknownDTypeException(string path, string tensor, string dtype)
    : ModelFormatException($"{path}: tensor '{tensor}' has unsupported dtype '{dtype}' (supported: F32, F16, BF16)");

public sealed class MissingTensorException(string source, string tensor)
    : ModelFormatException($"{source}: missing tensor '{tensor}'");

public sealed class ShapeMismatchException(string source, string tensor, long[] expected, long[] actual)
    : ModelFormatException(
        $"{source}: tensor '{tensor}' has shape [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");

public sealed class HeaderTooLargeException(string path, ulong headerBytes, ulong limit)
    : ModelFormatException($"{path}: header of {headerBytes} bytes exceeds the {limit}-byte limit");

/// <summary>Anything else wrong with a file's structure (bad JSON, overlapping data, bad magic).</summary>
public sealed class CorruptModelFileException(string path, string problem)
    : ModelFormatException($"{path}: {problem}");

/// <summary>A model file of a family or layout this project does not run.</summary>
public sealed class UnsupportedModelException(string path, string problem)
    : ModelFormatException($"{path}: {problem}");
