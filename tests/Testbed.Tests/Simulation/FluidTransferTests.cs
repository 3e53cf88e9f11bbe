using Splitwise.Testbed.Links;
using Splitwise.Testbed.Simulation;

namespace Splitwise.Testbed.Tests.Simulation;

public class FluidTransferTests
{
    // One second at 2 kbit/s (as in the 5G traces' ramp-up seconds), then 8 Mbit/s; an outage from 10 s to 12 s.
    private static readonly LinkTimeline Timeline = new(new PiecewiseLink([
        (TimeSpan.Zero, new LinkState(0.002, 0.002, 50)),
        (TimeSpan.FromSeconds(1), new LinkState(8, 8, 50)),
        (TimeSpan.FromSeconds(10), new LinkState(0, 0, 50, Up: false)),
        (TimeSpan.FromSeconds(12), new LinkState(8, 8, 50))]), 1);

    [Fact]
    public void Bytes_started_in_a_starved_second_flow_at_the_next_seconds_rate()
    {
        // 1 MB: 250 bytes in the first second, the rest at 1 MB/s.
        var seconds = FluidTransfer.Seconds(1_000_000, 0, LinkDirection.Uplink, Timeline);

        Assert.Equal(1 + (1_000_000 - 250) / 1e6, seconds, 9);
    }

    [Fact]
    public void An_outage_carries_nothing_and_the_transfer_resumes_after_it()
    {
        // From 9.5 s: 0.5 MB before the outage, none for 2 s, 0.5 MB from 12 s.
        var seconds = FluidTransfer.Seconds(1_000_000, 9.5, LinkDirection.Downlink, Timeline);

        Assert.Equal(3.0, seconds, 9);
    }

    [Fact]
    public void A_step_inside_its_epoch_is_left_as_costed_and_one_that_spills_keeps_its_compute_and_rtt()
    {
        var inside = new StageCost(0.5, 0.1, 0.2, 1000, 0, 0.001, 0);
        Assert.Equal(inside, FluidTransfer.Spill(inside, 2, Timeline));

        // Costed at the starved second's rate: 0.025 s RTT/2 + 1 MB at 2 kbit/s.
        var wire = 1_000_000 * 8 / 2000.0;
        var starved = new StageCost(0.025 + wire + 0.3, 0.3, 0, 1_000_000, 0, wire, 0);
        var spilled = FluidTransfer.Spill(starved, 0, Timeline);

        Assert.Equal(0.025 + 0.3 + 1 + (1_000_000 - 250) / 1e6, spilled.Seconds, 9);
        Assert.Equal(spilled.Seconds - 0.325, spilled.TransmitSeconds, 9);
        Assert.Equal(0.3, spilled.EdgeComputeSeconds);
    }

    [Fact]
    public void A_link_that_never_comes_back_is_never()
    {
        var dead = new LinkTimeline(new ConstantLink(0, 0, 50), 1);

        Assert.True(double.IsPositiveInfinity(FluidTransfer.Seconds(10, 0, LinkDirection.Uplink, dead)));
    }
}
