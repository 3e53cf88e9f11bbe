namespace Splitwise.NativeFixup;

/// <summary>Keeps the tool away from the NuGet global packages folder, which other projects and builds share.</summary>
public static class NuGetCacheGuard
{
    public static bool IsInsideGlobalPackagesFolder(string path)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(packages)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }
}
