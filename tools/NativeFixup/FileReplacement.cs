namespace Splitwise.NativeFixup;

/// <summary>Replaces a file's contents by writing a sibling file and renaming it over the original.</summary>
public static class FileReplacement
{
    /// <summary>
    /// The rename gives the path a new inode, so when the build linked the output file to the NuGet
    /// cache (hard link or symlink) the cache copy stays untouched. Mode and timestamps are carried
    /// over: MSBuild's incremental copy compares size and time, and keeping them lets it treat the
    /// patched file as up to date instead of copying the original over it on every build.
    /// </summary>
    public static void Replace(string path, byte[] contents)
    {
        var original = new FileInfo(path);
        var lastWrite = original.LastWriteTimeUtc;
        var temporary = System.IO.Path.Combine(original.DirectoryName!, $".{original.Name}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, contents);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            File.SetLastWriteTimeUtc(temporary, lastWrite);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
