namespace Splitwise.Cli.Tests.Commands;

/// <summary>`bench checkpoint`'s parser: --help lists its options without running, an unknown flag and bad values exit 2 before any silo starts.</summary>
public sealed class BenchCheckpointCommandTests
{
    [Fact]
    public void Help_lists_the_options_without_running()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "checkpoint", "--help"]);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var option in new[] { "--model", "--tokens", "--rounds", "--every", "--port", "--json" })
            Assert.Contains(option, output);
        Assert.DoesNotContain("# bench checkpoint", output);
    }

    [Fact]
    public void An_unknown_flag_is_refused_with_a_suggestion()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "checkpoint", "--evry", "4"]);

        Assert.Equal(2, code);
        Assert.Contains("--evry", error);
        Assert.Contains("--every", error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--every", "0", "--every must be between 1 and")]
    [InlineData("--tokens", "1", "--tokens must be between 2 and")]
    [InlineData("--rounds", "0", "--rounds must be between 1 and")]
    [InlineData("--port", "70000", "--port must be between 1 and 65530")]
    [InlineData("--tokens", "many", "many")]
    public void A_bad_value_is_refused_with_exit_code_2(string option, string value, string message)
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "checkpoint", option, value]);

        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Equal("", output);
    }
}
