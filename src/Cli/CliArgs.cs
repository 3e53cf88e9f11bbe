using System.Globalization;

namespace Splitwise.Cli;

/// <summary>Positional arguments plus `--name value` options and `--flag` switches.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CliArgs(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                Positionals.Add(a);
                continue;
            }

            var eq = a.IndexOf('=');
            if (eq > 0)
                _options[a[2..eq]] = a[(eq + 1)..];
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                _options[a[2..]] = list[++i];
            else
                _options[a[2..]] = null;
        }
    }

    public List<string> Positionals { get; } = [];

    public bool Json => Has("json");

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public string Get(string name, string fallback) => _options.GetValueOrDefault(name) ?? fallback;

    public int GetInt(string name, int fallback) => Get(name) is { } v ? ParseOrThrow(name, v, int.Parse) : fallback;

    public double GetDouble(string name, double fallback) =>
        Get(name) is { } v ? ParseOrThrow(name, v, (s, c) => double.Parse(s, c)) : fallback;

    private static T ParseOrThrow<T>(string name, string value, Func<string, IFormatProvider, T> parse)
    {
        try
        {
            return parse(value, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new CliUsageException($"--{name}: '{value}' is not a valid {typeof(T).Name}");
        }
    }
}

/// <summary>Bad command-line input: printed without a stack trace, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
