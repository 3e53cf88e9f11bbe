namespace Splitwise.Testbed.Tests.Traces;

/// <summary>
/// The real traces in ../shared/data/net (next to the repository, never inside it). A fresh clone has none, so the
/// tests that need them skip and say so.
/// </summary>
public static class SharedData
{
    public static string? NetFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
            {
                var net = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "net"));
                return Directory.Exists(net) ? net : null;
            }
        }

        return null;
    }

    public static string RequireNetFolder()
    {
        var net = NetFolder();
        Skip.If(net is null, "needs the real 5G/LTE traces in ../shared/data/net next to the repository (absent here)");
        return net!;
    }
}
