using System.CommandLine;

namespace Splitwise.Cli;

/// <summary>
/// A command's parsed command line, read by option name. Only what the command declared in its <see cref="CliSpec"/>
/// can be read: asking for anything else is a bug in the command, not in the user's input.
/// </summary>
public sealed class CliArgs(ParseResult result, Command command)
{
    public IReadOnlyList<string> Positionals =>
        command.Arguments.OfType<Argument<string[]>>().FirstOrDefault() is { } argument ? result.GetValue(argument) ?? [] : [];

    public bool Json => Has("json");

    /// <summary>A flag that is set, or an option given a value.</summary>
    public bool Has(string name) => Find(name) switch
    {
        Option<bool> flag => result.GetValue(flag),
        var option => result.GetResult(option) is { Implicit: false },
    };

    public string? Get(string name) =>
        result.GetResult(Find(name)) is { Implicit: false, Tokens.Count: > 0 } r ? string.Join(' ', r.Tokens.Select(t => t.Value)) : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int GetInt(string name, int fallback) => Value(name, fallback);

    public double GetDouble(string name, double fallback) => Value(name, fallback);

    private T Value<T>(string name, T fallback) => Find(name) switch
    {
        Option<T> option when result.GetResult(option) is { Implicit: false } => result.GetValue(option)!,
        Option<T> => fallback,
        _ => throw new InvalidOperationException($"--{name} is not declared as a {typeof(T).Name} option of '{command.Name}'"),
    };

    private Option Find(string name) =>
        command.Options.FirstOrDefault(o => o.Name == $"--{name}")
        ?? throw new InvalidOperationException($"'{command.Name}' reads --{name} but does not declare it");
}

/// <summary>Bad command-line input: printed without a stack trace, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
