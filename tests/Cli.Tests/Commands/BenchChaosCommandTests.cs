namespace Splitwise.Cli.Tests.Commands;

/// <summary>`bench chaos`'s parser: --help lists its options without running, an unknown flag and bad values exit 2 before any silo starts.</summary>
public sealed class BenchChaosCommandTests
{
    [Fact]
    public void Help_lists_the_options_without_running()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "chaos", "--help"]);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var option in new[] { "--model", "--generations", "--tokens", "--failure-rate", "--outage-ms", "--period-s", "--collect-every", "--port", "--processes", "--kill-every", "--overhead-generations", "--edge-dll", "--cloud-dll", "--json" })
            Assert.Contains(option, output);
        Assert.DoesNotContain("# bench chaos", output);
    }

    [Fact]
    public void An_unknown_flag_is_refused_with_a_suggestion()
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "chaos", "--generation", "4"]);

        Assert.Equal(2, code);
        Assert.Contains("--generation", error);
        Assert.Contains("--generations", error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--failure-rate 1.5", "--failure-rate must be between 0 and 1")]
    [InlineData("--tokens 3", "--tokens must be between 4 and")]
    [InlineData("--generations 0", "--generations must be between 1 and")]
    [InlineData("--outage-ms -1", "--outage-ms must be >= 0")]
    [InlineData("--collect-every many", "many")]
    [InlineData("--outage-ms 6000 --period-s 5", "--outage-ms < --period-s x 1000")]
    [InlineData("--processes --outage-ms 30", "multiples of 50 ms")]
    [InlineData("--processes --outage-ms 6000 --period-s 5", "--outage-ms < --period-s x 1000")]
    [InlineData("--processes --kill-every 0", "--kill-every must be between 1 and")]
    [InlineData("--processes --overhead-generations -1", "--overhead-generations must be between 0 and")]
    public void A_bad_value_is_refused_with_exit_code_2(string options, string message)
    {
        var (code, output, error) = ConsoleCapture.Run(["bench", "chaos", .. options.Split(' ')]);

        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Equal("", output);
    }
}
