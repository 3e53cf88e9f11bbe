namespace Splitwise.Testbed;

/// <summary>
/// Where the DynaSplit testbed files live: `../shared/data/dynasplit` next to the repository root (found
/// by walking up from a start directory to the folder holding Splitwise.Orleans.sln), or an explicit
/// override. The product never ships these files; callers fail clearly when they are absent.
/// </summary>
public static class DynaSplitData
{
    public const string PoolFile = "pool_vgg16.csv";
    public const string Thresholds50File = "thresholds_vgg16_50.csv";
    public const string Thresholds10000File = "thresholds_vgg16_10000.csv";
    public const string TestbedResultsFile = "testbed_results_vgg16.csv";

    /// <summary>The data folder, or null when there is none.</summary>
    public static string? Locate(string? overrideDirectory = null, string? start = null)
    {
        if (overrideDirectory is not null)
            return Directory.Exists(overrideDirectory) ? Path.GetFullPath(overrideDirectory) : null;
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
                continue;
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "dynasplit"));
            return Directory.Exists(candidate) ? candidate : null;
        }

        return null;
    }

    /// <summary>Like <see cref="Locate"/> from the current directory, then from the running assembly's folder.</summary>
    public static string? LocateAnywhere(string? overrideDirectory = null) =>
        Locate(overrideDirectory) ?? (overrideDirectory is null ? Locate(null, AppContext.BaseDirectory) : null);
}
