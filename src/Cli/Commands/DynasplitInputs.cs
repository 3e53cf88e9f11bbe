using System.Text.Json;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>
/// Resolves the DynaSplit input files: explicit options win; otherwise the files of the shared
/// DynaSplit data folder (../shared/data/dynasplit next to the repository root, or --data). Fails with
/// a usage error naming the option when neither exists.
/// </summary>
public static class DynasplitInputs
{
    public static string Resolve(CliArgs args, string option, string defaultFile)
    {
        if (args.Get(option) is { } path)
            return File.Exists(path) ? path : throw new CliUsageException($"--{option}: file not found: {path}");
        var dir = DynaSplitData.LocateAnywhere(args.Get("data"));
        if (dir is null)
        {
            throw new CliUsageException(
                $"--{option} not given and no DynaSplit data folder found (looked for ../shared/data/dynasplit next to the repository root"
                + (args.Get("data") is { } d ? $" and --data {d}" : "; set --data <dir>") + ")");
        }

        var file = Path.Combine(dir, defaultFile);
        return File.Exists(file) ? file : throw new CliUsageException($"--{option} not given and {file} does not exist");
    }

    /// <summary>The default testbed results file, when the data folder has one; null otherwise.</summary>
    public static string? OptionalTestbedResults(CliArgs args)
    {
        if (args.Get("testbed-results") is { } path)
            return File.Exists(path) ? path : throw new CliUsageException($"--testbed-results: file not found: {path}");
        var dir = DynaSplitData.LocateAnywhere(args.Get("data"));
        var file = dir is null ? null : Path.Combine(dir, DynaSplitData.TestbedResultsFile);
        return file is not null && File.Exists(file) ? file : null;
    }

    /// <summary>Runs a dynasplit sub-command; a malformed input file is a usage error (exit code 2), not a stack trace.</summary>
    public static int Guarded(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (TestbedFormatException e)
        {
            Console.Error.WriteLine($"dynasplit: bad measurement file: {e.Message}");
            return 2;
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"dynasplit: bad front file: {e.Message}");
            return 2;
        }
    }
}
