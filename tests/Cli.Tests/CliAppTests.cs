using System.CommandLine;

namespace Splitwise.Cli.Tests;

/// <summary>
/// Every command's parser, through the real entry point: `--help` prints without running the command, an unknown
/// flag and a misspelt one are refused (exit code 2, with a suggestion for the misspelt one), a value that is not a
/// number is refused before the command runs.
/// </summary>
public sealed class CliAppTests
{
    public static TheoryData<string> CommandNames()
    {
        var data = new TheoryData<string>();
        foreach (var command in CliApp.Commands)
            data.Add(command.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_prints_usage_and_the_options_without_running(string name)
    {
        var (code, output, error) = ConsoleCapture.Run([.. name.Split(' '), "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
        Assert.Contains($" {name.Split(' ')[^1]} ", output);
        Assert.Contains("Options:", output);
        Assert.Equal("", error);
        foreach (var option in Declared(name).Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal)))
            Assert.Contains(option.Name, output);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void An_unknown_flag_is_refused(string name)
    {
        var (code, _, error) = ConsoleCapture.Run([.. name.Split(' '), "--no-such-flag", "3"]);
        Assert.Equal(2, code);
        Assert.Contains("--no-such-flag", error);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void A_misspelt_flag_is_refused_with_a_suggestion(string name)
    {
        var option = Declared(name).Options.First(o => o.Name.Length >= 6 && o.Name.StartsWith("--", StringComparison.Ordinal)).Name;
        var typo = option.Remove(option.Length - 2, 1);
        var (code, _, error) = ConsoleCapture.Run([.. name.Split(' '), typo]);
        Assert.Equal(2, code);
        Assert.Contains(typo, error);
        Assert.Contains(option, error);
        Assert.Contains("did you mean", error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void A_value_that_is_not_a_number_is_refused(string name)
    {
        var option = Declared(name).Options.First(o => o.ValueType == typeof(int) || o.ValueType == typeof(double)).Name;
        var (code, _, error) = ConsoleCapture.Run([.. name.Split(' '), option, "many"]);
        Assert.Equal(2, code);
        Assert.Contains(option, error);
        Assert.Contains("many", error);
    }

    [Theory]
    [InlineData("run --codec bogus", "--codec: 'bogus' is not one of fp32, fp16, int8, int4")]
    [InlineData("run --tokens 0", "--tokens must be between 1 and")]
    [InlineData("run hello --edge-layer 1", "unknown option '--edge-layer'; did you mean --edge-layers?")]
    [InlineData("simulate --requests -3", "--requests must be between 1 and")]
    [InlineData("dynasplit simulate --target 150", "--target must be between 0 and 100, got 150")]
    [InlineData("bench kernels --threads 0", "--threads must be between 1 and")]
    [InlineData("bench environment --epochs 0", "--epochs must be between 1 and")]
    [InlineData("bench environment --scenario moon", "--scenario: 'moon' is not one of commuter, office, rush-hour, battery-saver, flaky-link")]
    [InlineData("simulate --scenario office --requests 0", "--requests must be between 1 and")]
    [InlineData("fit-load --window 0", "--window must be >= 1, got 0")]
    public void Bad_values_say_what_is_wrong(string line, string message)
    {
        var (code, output, error) = ConsoleCapture.Run(line.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_group_without_a_subcommand_is_a_usage_error()
    {
        Assert.Equal(2, ConsoleCapture.Run(["dynasplit"]).Code);
        Assert.Equal(2, ConsoleCapture.Run([]).Code);
    }

    private static Command Declared(string name)
    {
        Command command = CliApp.Build();
        foreach (var word in name.Split(' '))
            command = command.Subcommands.Single(c => c.Name == word);
        return command;
    }
}
