namespace Splitwise.EdgeHost.Tests;

/// <summary>Where tests leave files for people to look at: artifacts/ at the repository root (gitignored).</summary>
public static class Artifacts
{
    public static string Directory { get; } = Create();

    private static string Create()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
            dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
