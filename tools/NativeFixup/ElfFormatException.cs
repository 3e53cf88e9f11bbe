namespace Splitwise.NativeFixup;

/// <summary>A file that is not a well-formed little-endian ELF64 object; the message names the file and the problem.</summary>
public sealed class ElfFormatException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string FilePath { get; } = path;
}
