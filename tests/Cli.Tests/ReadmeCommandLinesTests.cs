using System.Text;
using System.Text.RegularExpressions;

namespace Splitwise.Cli.Tests;

/// <summary>
/// Every `splitwise` command line the README shows (`dotnet run --project src/Cli -c Release -- ...` or `$S ...`) parses
/// with the real command tree: no option the CLI refuses, no value it rejects. Lines with placeholders (FILE, [...],
/// shell variables) are left out.
/// </summary>
public sealed partial class ReadmeCommandLinesTests
{
    [Fact]
    public void Every_command_line_in_the_readme_parses()
    {
        var lines = CommandLines(File.ReadAllLines(Readme())).ToList();
        Assert.True(lines.Count >= 20, $"found only {lines.Count} command lines");
        var root = CliApp.Build();
        var failures = lines.Select(l => (Line: l, Errors: root.Parse(Words(l)).Errors))
            .Where(r => r.Errors.Count > 0)
            .Select(r => $"{r.Line}: {string.Join("; ", r.Errors.Select(e => e.Message))}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<string> CommandLines(string[] readme)
    {
        for (var i = 0; i < readme.Length; i++)
        {
            var line = readme[i];
            while (line.EndsWith('\\') && i + 1 < readme.Length)
                line = line[..^1] + readme[++i].Trim();
            var m = Command().Match(line);
            if (!m.Success)
                continue;
            var command = m.Groups["args"].Value.Split(" #")[0].Split(';')[0].Trim();
            if (command.Length > 0 && !Placeholder().IsMatch(command))
                yield return command;
        }
    }

    /// <summary>Shell words: spaces split, double quotes group.</summary>
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ' ' && !quoted)
                Flush();
            else
                word.Append(c);
        }

        Flush();
        return [.. words];

        void Flush()
        {
            if (word.Length > 0)
                words.Add(word.ToString());
            word.Clear();
        }
    }

    private static string Readme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Splitwise.Orleans.sln")))
                return Path.Combine(dir.FullName, "README.md");
        }

        throw new FileNotFoundException("README.md: no Splitwise.Orleans.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\s+(?:.*dotnet run --project src/Cli -c Release -- |\$S )(?<args>.*)$")]
    private static partial Regex Command();

    [GeneratedRegex(@"\$|\[|\.\.\.|<|\bFILE\b|\bDIR\b|\bTRACE\b")]
    private static partial Regex Placeholder();
}
