using System.Reflection;
using Splitwise.Inference.Formats;

namespace Splitwise.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, StringComparer.Ordinal);

        if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine("usage: splitwise <command> [options]   (with --json the last line is JSON)");
            foreach (var c in commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
                Console.Error.WriteLine($"  {c.Name,-16} {c.Summary}");
            return 2;
        }

        try
        {
            return command.Run(new CliArgs(args.Skip(1)));
        }
        catch (Exception e) when (e is CliUsageException or ModelFormatException or FileNotFoundException
                                      or DirectoryNotFoundException or ArgumentException)
        {
            Console.Error.WriteLine($"{command.Name}: {e.Message}");
            return 2;
        }
    }
}
