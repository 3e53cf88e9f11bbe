namespace Splitwise.Cli.Bench;

/// <summary>One `bench &lt;name&gt;` benchmark; the bench command picks it by its first positional.</summary>
public interface IBenchSubcommand
{
    string Name { get; }

    string Summary { get; }

    int Run(CliArgs args);
}
