using System.CommandLine;
using System.CommandLine.Invocation;
using Splitwise.Inference.Formats;

namespace Splitwise.Cli;

/// <summary>
/// The command tree: every <see cref="ICliCommand"/> found in this assembly, two-word names under a group command
/// ("bench kernels" under "bench"). Parse errors (an unknown flag, a bad value) print the error, a suggestion for a
/// misspelt name, and exit with code 2 without running anything; `--help` prints and exits 0.
/// </summary>
public static class CliApp
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["bench"] = "measurements that print their method, then a JSON line",
        ["onnx"] = "ONNX models: cut points and split halves",
        ["dynasplit"] = "DynaSplit (May et al., arXiv:2410.23881): offline search, replay, simulation, live",
    };

    public static IReadOnlyList<ICliCommand> Commands { get; } = typeof(CliApp).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static RootCommand Build()
    {
        var root = new RootCommand("splitwise: transformers split between an edge and a cloud silo (with --json the last line of standard output is JSON)");
        foreach (var cli in Commands)
        {
            var words = cli.Name.Split(' ');
            Command parent = root;
            foreach (var word in words[..^1])
                parent = parent.Subcommands.FirstOrDefault(c => c.Name == word) ?? Add(parent, new Command(word, Groups.GetValueOrDefault(word, word)));
            var command = Add(parent, new Command(words[^1], cli.Summary));
            cli.Declare(new CliSpec(command));
            command.SetAction(result => Run(cli, new CliArgs(result, command)));
        }

        return root;
    }

    public static int Invoke(string[] args)
    {
        var root = Build();
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke();
            return 2;
        }

        var result = root.Parse(args);
        if (result.Errors.Count == 0)
            return result.Invoke();
        if (result.Action is ParseErrorAction error)
        {
            error.ShowHelp = false;
            error.ShowTypoCorrections = true;
        }

        // Suggestions too go to standard error: standard output is for results (and JSON).
        result.Invoke(new InvocationConfiguration { Output = Console.Error, Error = Console.Error });
        Console.Error.WriteLine($"(see: splitwise {string.Join(' ', CommandPath(result.CommandResult.Command))} --help)".Replace("  ", " ", StringComparison.Ordinal));
        return 2;
    }

    /// <summary>Parses a command's own options alone (tests, and commands run from code); a parse error is a <see cref="CliUsageException"/>.</summary>
    public static CliArgs Parse(ICliCommand cli, params string[] args)
    {
        var command = new Command(cli.Name.Split(' ')[^1], cli.Summary);
        cli.Declare(new CliSpec(command));
        var result = command.Parse(args);
        return result.Errors.Count == 0 ? new CliArgs(result, command) : throw new CliUsageException(string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    private static Command Add(Command parent, Command child)
    {
        parent.Add(child);
        return child;
    }

    private static IEnumerable<string> CommandPath(Command command) =>
        command is RootCommand ? [] : command.Parents.OfType<Command>().SelectMany(CommandPath).Append(command.Name);

    private static int Run(ICliCommand command, CliArgs args)
    {
        try
        {
            return command.Run(args);
        }
        catch (Exception e) when (e is CliUsageException or ModelFormatException or FileNotFoundException
                                      or DirectoryNotFoundException or ArgumentException
                                      or Splitwise.Inference.Models.ContextOverflowException
                                      or Splitwise.Testbed.Learning.PolicyFileException)
        {
            Console.Error.WriteLine($"{command.Name}: {e.Message}");
            return 2;
        }
    }
}
