namespace Splitwise.Cli;

/// <summary>
/// One `splitwise &lt;name&gt;` command; a name may be two words ("bench kernels"). Commands are found by reflection, so adding one is adding
/// one file under Commands/. Each declares what it accepts (<see cref="Declare"/>) and runs on the parsed result.
/// With --json, the last line of standard output is one JSON object.
/// </summary>
public interface ICliCommand
{
    string Name { get; }

    string Summary { get; }

    void Declare(CliSpec spec);

    int Run(CliArgs args);
}
