namespace Splitwise.Testbed;

/// <summary>A measurement file that does not follow its format: says which file, line and column, and why.</summary>
public sealed class TestbedFormatException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    /// <summary>1-based line number; the header is line 1.</summary>
    public int Line { get; } = line;
}
