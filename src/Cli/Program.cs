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

        // Two-word commands ("bench kernels") win over one-word ones.
        var words = args.Length >= 2 && commands.ContainsKey($"{args[0]} {args[1]}") ? 2 : 1;
        if (args.Length == 0 || !commands.TryGetValue(string.Join(' ', args.Take(words)), out var command))
        {
            Console.Error.WriteLine("usage: splitwise <command> [options]   (with --json the last line is JSON)");
            foreach (var c in commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
                Console.Error.WriteLine($"  {c.Name,-16} {c.Summary}");
            return 2;
        }

        try
        {
            return command.Run(new CliArgs(args.Skip(words)));
        }
        catch (Exception e) when (e is CliUsageException or ModelFormatException or FileNotFoundException
                                      or DirectoryNotFoundException or ArgumentException
                                      or Splitwise.Inference.Models.ContextOverflowException)
        {
            Console.Error.WriteLine($"{command.Name}: {e.Message}");
            return 2;
        }
    }
}
