namespace Splitwise.NativeFixup;

/// <summary>Finds the libstdc++ the dynamic loader gives processes on this host and reads the versions it defines.</summary>
public static class HostLibStdCxx
{
    // Used only when /proc is unavailable; the first existing one is what ld.so would pick on common distributions.
    static readonly string[] WellKnownPaths =
    [
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>
    /// The .NET host itself links libstdc++, so the copy mapped into this process is exactly the one the
    /// loader resolves for a TorchSharp process started the same way.
    /// </summary>
    public static string? Locate() => FromProcessMaps() ?? WellKnownPaths.FirstOrDefault(File.Exists);

    public static bool Defines(string libraryPath, string version) =>
        VersionDefinitionReader.Read(ElfImage.Load(libraryPath)).Contains(version);

    static string? FromProcessMaps()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return null;
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var start and >= 0 ? line[start..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
    }
}
