using Splitwise.Cli.Run;
using Splitwise.Contracts.Grains;

namespace Splitwise.Cli.Tests.Run;

public sealed class RunControllerTests
{
    private static ControllerDecision Decision(long epoch, double mbps, bool up, string placement, long version) =>
        new(epoch, epoch * 0.1, mbps, mbps, 10, up, 0, placement, version, false, 50);

    [Fact]
    public void The_table_has_a_row_per_placement_change_with_the_measured_link()
    {
        var table = RunController.Table([
            Decision(0, 1000, true, "C C", 2), Decision(1, 1000, true, "C C", 2), Decision(2, 0.5, true, "E E", 3),
            Decision(3, 0, false, "E E", 3), Decision(4, 1000, true, "C C", 4)]).ToList();
        Assert.Equal(5, table.Count);
        Assert.Contains("5 epochs", table[0], StringComparison.Ordinal);
        Assert.EndsWith("v3 E E", table[3], StringComparison.Ordinal);
        Assert.Contains("0.5", table[3], StringComparison.Ordinal);
        Assert.EndsWith("v4 C C", table[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clairvoyant")]
    [InlineData("no-such-policy")]
    public void A_controller_the_fabric_cannot_run_is_refused_before_anything_starts(string policy)
    {
        var (code, _, error) = ConsoleCapture.Run(["run", "In the beginning", "--controller", policy]);
        Assert.Equal(2, code);
        Assert.Contains($"policy '{policy}' is not available to the live controller", error, StringComparison.Ordinal);
    }
}
