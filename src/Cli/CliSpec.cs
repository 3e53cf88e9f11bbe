using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Splitwise.Cli;

/// <summary>
/// What one command accepts, declared in that command's own file: each call adds a System.CommandLine option or
/// argument, so `--help` lists it, a misspelt flag is refused with a suggestion, and a bad value is a usage error
/// (exit code 2) before the command runs. Defaults stay in the command bodies; the descriptions say them.
/// </summary>
public sealed class CliSpec(Command command)
{
    public Command Command { get; } = command;

    /// <summary>Zero or more positional words (`run "a prompt"`), read back as <see cref="CliArgs.Positionals"/>.</summary>
    public CliSpec Arguments(string name, string description)
    {
        var argument = new Argument<string[]>(name) { Description = description, Arity = ArgumentArity.ZeroOrMore };
        // Words are free text, so an unknown flag would otherwise land in them silently.
        argument.Validators.Add(r =>
        {
            foreach (var token in r.Tokens.Select(t => t.Value).Where(t => t.StartsWith("--", StringComparison.Ordinal)))
                r.AddError(UnknownOption(token));
        });
        Command.Add(argument);
        return this;
    }

    public CliSpec Text(string name, string description, params string[] allowed)
    {
        var option = new Option<string>($"--{name}") { Description = description };
        if (allowed.Length > 0)
        {
            // Case-insensitive, as the commands compare them; the message lists the choices.
            option.Validators.Add(r =>
            {
                var value = r.GetValueOrDefault<string>();
                if (value is not null && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
                    r.AddError($"--{name}: '{value}' is not one of {string.Join(", ", allowed)}");
            });
        }

        Command.Add(option);
        return this;
    }

    public CliSpec Int(string name, string description, int min = int.MinValue, int max = int.MaxValue) =>
        Number(name, description, min, max);

    public CliSpec Double(string name, string description, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        Number(name, description, min, max);

    public CliSpec Flag(string name, string description)
    {
        Command.Add(new Option<bool>($"--{name}") { Description = description });
        return this;
    }

    /// <summary>"unknown option --edge-layer; did you mean --edge-layers?" (the closest declared option by edit distance).</summary>
    public string UnknownOption(string token)
    {
        var name = token.Split('=', ':')[0];
        var closest = Command.Options.Select(o => o.Name).MinBy(o => Typo.Distance(name, o));
        return closest is not null && Typo.Distance(name, closest) <= Math.Max(2, name.Length / 3)
            ? $"unknown option '{name}'; did you mean {closest}?"
            : $"unknown option '{name}'";
    }

    /// <summary>`--json`: the last line of standard output is one JSON object.</summary>
    public CliSpec Json() => Flag("json", "print the result as one JSON object on the last line of standard output");

    private CliSpec Number<T>(string name, string description, T min, T max)
        where T : struct, IComparable<T>, IFormattable
    {
        var option = new Option<T>($"--{name}") { Description = description };
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0 || !TryGet(r, out T value))
                return;
            if (value is double d && !double.IsFinite(d))
                r.AddError($"--{name} must be a finite number, got {r.Tokens[0].Value}");
            else if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                r.AddError($"--{name} must be {Bounds(min, max)}, got {value.ToString(null, CultureInfo.InvariantCulture)}");
        });
        Command.Add(option);
        return this;
    }

    /// <summary>A value that does not convert is reported by the parser itself ("Cannot parse argument ..."); the range check skips it.</summary>
    private static bool TryGet<T>(OptionResult r, out T value)
    {
        try
        {
            value = r.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static string Bounds<T>(T min, T max) where T : struct, IFormattable
    {
        string F(T x) => x.ToString(null, CultureInfo.InvariantCulture);
        var hasMin = !min.Equals(MinOf<T>());
        var hasMax = !max.Equals(MaxOf<T>());
        return (hasMin, hasMax) switch
        {
            (true, true) => $"between {F(min)} and {F(max)}",
            (true, false) => $">= {F(min)}",
            _ => $"<= {F(max)}",
        };
    }

    private static object MinOf<T>() => typeof(T) == typeof(int) ? int.MinValue : double.NegativeInfinity;

    private static object MaxOf<T>() => typeof(T) == typeof(int) ? int.MaxValue : double.PositiveInfinity;
}
