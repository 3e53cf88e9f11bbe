using System.Text.Json;
using Splitwise.Testbed;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `splitwise dynasplit search|replay|simulate`: the pure-logic half of DynaSplit (May et al.,
/// arXiv:2410.23881) run on the recorded testbed pool.
/// </summary>
public sealed class DynasplitCommand : ICliCommand
{
    public string Name => "dynasplit";

    public string Summary => "DynaSplit offline search (NSGA-III), testbed replay and 10,000-request simulation";

    public int Run(CliArgs args)
    {
        var sub = args.Positionals.FirstOrDefault()
                  ?? throw new CliUsageException("usage: dynasplit search|replay|simulate [--pool csv] [--thresholds csv] [--front json] [--data dir] [--json]");
        try
        {
            return sub switch
            {
                "search" => DynasplitSearch.Run(args),
                "replay" => DynasplitReplay.Run(args, simulate: false),
                "simulate" => DynasplitReplay.Run(args, simulate: true),
                _ => throw new CliUsageException($"unknown dynasplit subcommand '{sub}' (search, replay, simulate)"),
            };
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
