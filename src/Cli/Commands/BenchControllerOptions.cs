using System.Globalization;
using Splitwise.Testbed.Environment;
using Splitwise.Testbed.Evaluation;
using Splitwise.Testbed.Policies;

namespace Splitwise.Cli.Commands;

/// <summary>
/// `bench controller`'s options: scenarios (all or a list), seeds (a count N = seeds 0..N-1, or a list), requests per
/// world, policies by catalog name, plans in flight or per request, and where to write the JSON and markdown tables.
/// Declared here (help, ranges: a bad value is exit code 2 before anything runs) and read back into an <see cref="EvaluationPlan"/>.
/// </summary>
public static class BenchControllerOptions
{
    public const int DefaultRequests = 300;

    public static void Declare(CliSpec spec) => spec
        .Text("scenarios", $"'all' or a comma-separated list of {string.Join(", ", Scenarios.Names)} (default all)")
        .Text("seeds", "N (seeds 0..N-1) or a comma-separated list; seed S runs evaluation trace S mod count (default 3)")
        .Int("requests", $"requests per world (default {DefaultRequests})", min: 1)
        .Text("policies", "comma-separated policy names (see simulate), or 'all' = every baseline, clairvoyant, both drift-plus-penalty runs and the learned ones (default all); clairvoyant always runs")
        .Text("policy-dir", $"where the learned policies' files are, NAME-SCENARIO.policy (default {PolicyCatalog.DefaultPolicyDirectory})")
        .Flag("move-in-flight", "a new plan applies to the request in service at its next token, moving KV caches (default: from the next request)")
        .Text("out", "write controller.json and controller.md (the tables in markdown) into this folder")
        .Json();

    public static EvaluationPlan Parse(CliArgs args) => new(
        ParseScenarios(args.Get("scenarios", "all")),
        ParseSeeds(args.Get("seeds", "3")),
        args.GetInt("requests", DefaultRequests),
        ParsePolicies(args.Get("policies", "all")),
        args.Has("move-in-flight"),
        args.Get("policy-dir"));

    /// <summary>'all' is the catalog's "all" and the learned controller with its ablations (not-trained rows where a file is missing).</summary>
    public static IReadOnlyList<string> ParsePolicies(string list) =>
        string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase)
            ? [.. PolicyCatalog.Parse("all"), .. PolicyCatalog.LearnedNames.Except(PolicyCatalog.Parse("all"))]
            : PolicyCatalog.Parse(list);

    public static IReadOnlyList<Scenario> ParseScenarios(string list)
    {
        if (string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase))
            return Scenarios.All;
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0)
            throw new CliUsageException($"--scenarios: no scenario in '{list}'");
        return names.Select(n => Scenarios.All.FirstOrDefault(s => string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliUsageException($"--scenarios: '{n}' is not one of {string.Join(", ", Scenarios.Names)}, or all")).ToArray();
    }

    public static IReadOnlyList<int> ParseSeeds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new CliUsageException($"--seeds: '{p}' is not a seed (an integer >= 0)")).ToArray();
        if (values.Length == 0)
            throw new CliUsageException("--seeds: no seed given");
        if (parts.Length == 1 && !text.Contains(','))
        {
            return values[0] >= 1 && values[0] <= 100
                ? Enumerable.Range(0, values[0]).ToArray()
                : throw new CliUsageException($"--seeds: a count must be between 1 and 100, got {values[0]} (give a list such as '{values[0]},' for one seed)");
        }

        return values.Distinct().ToArray();
    }
}
