using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Live;

namespace Splitwise.Testbed.Tests.Live;

public sealed class LiveCostTests
{
    private static readonly LiveRun Run = new(HeadMs: 10, TailMs: 20, UplinkMs: 30, DownlinkMs: 5);

    [Fact]
    public void The_host_time_is_the_edge_at_its_top_frequency_and_lower_clocks_stretch_it()
    {
        var top = LiveCost.Of(new Configuration(3, 1800, "off", false), Run, DeviceProfiles.RaspberryPi5);
        var slow = LiveCost.Of(new Configuration(3, 600, "off", false), Run, DeviceProfiles.RaspberryPi5);

        Assert.Equal(10 + 30 + 20 + 5, top.LatencyMs, precision: 9);
        Assert.Equal(30 + 30 + 20 + 5, slow.LatencyMs, precision: 9);
        // Edge energy: 4.48 W x 10 ms computing, radio tx/rx power x 30/5 ms, idle 3 W x 20 ms waiting for the cloud.
        var pi = DeviceProfiles.RaspberryPi5;
        var expected = (4.48 * 10 + pi.RadioTransmitPower.Value * 30 + pi.RadioReceivePower.Value * 5 + pi.IdlePower.Value * 20) / 1000;
        Assert.Equal(expected, top.EnergyJ, precision: 9);
    }

    [Fact]
    public void The_accelerator_and_the_cloud_gpu_shorten_their_halves_by_the_pools_ratios()
    {
        var accelerated = LiveCost.Of(new Configuration(3, 1200, "max", true), Run, DeviceProfiles.RaspberryPi5);

        Assert.Equal(10 * 0.244 + 30 + 20 * 0.457 + 5, accelerated.LatencyMs, precision: 9);
    }

    [Fact]
    public void A_slower_emulated_edge_stretches_only_the_head()
    {
        var slower = LiveCost.Of(new Configuration(3, 900 * 2, "off", false), Run, DeviceProfiles.RaspberryPi5, hostToEdge: 4);

        Assert.Equal(40 + 30 + 20 + 5, slower.LatencyMs, precision: 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => LiveCost.Of(new Configuration(3, 1800, "off", false), Run, DeviceProfiles.RaspberryPi5, 0));
    }

    [Fact]
    public void Unknown_knob_values_are_rejected_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => LiveCost.Of(new Configuration(3, 700, "off", false), Run, DeviceProfiles.RaspberryPi5));
        Assert.Contains("600, 800", error.Message);
        Assert.Throws<ArgumentException>(() => EdgeKnobTable.EdgePower(1800, "turbo"));
        Assert.Contains("pool_vgg16.csv", EdgeKnobTable.EdgePower(1800, "std").Source);
    }
}
