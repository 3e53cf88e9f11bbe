namespace Splitwise.Testbed.Traces;

/// <summary>A trace file that cannot be read as its format says: names the file and the 1-based line.</summary>
public sealed class TraceFormatException(string file, int line, string message)
    : FormatException($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    /// <summary>1-based line number; 0 when the problem is the file as a whole (e.g. empty).</summary>
    public int Line { get; } = line;
}
