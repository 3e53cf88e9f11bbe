using Splitwise.Cli.Bench;

namespace Splitwise.Cli.Commands;

/// <summary>`bench kernels` and `bench forward`: the benchmarks live under one command.</summary>
public sealed class BenchCommand : ICliCommand
{
    private static readonly IBenchSubcommand[] Benchmarks = [new BenchKernelsCommand(), new BenchForwardCommand()];

    public string Name => "bench";

    public string Summary => "benchmarks: " + string.Join("; ", Benchmarks.Select(b => $"{b.Name}: {b.Summary}"));

    public int Run(CliArgs args)
    {
        var which = args.Positionals.FirstOrDefault();
        var bench = Benchmarks.FirstOrDefault(b => b.Name == which)
                    ?? throw new CliUsageException($"bench what? one of: {string.Join(", ", Benchmarks.Select(b => b.Name))}");
        return bench.Run(args);
    }
}
