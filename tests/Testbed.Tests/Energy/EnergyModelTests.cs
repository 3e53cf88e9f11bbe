using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Energy;

namespace Splitwise.Testbed.Tests.Energy;

public class EnergyModelTests
{
    private static readonly DeviceProfile Device = new(
        "test", "hand-made",
        Figure.Estimated(1, "GFLOP/s", "test"), Figure.Estimated(2, "GFLOP/s", "test"), Figure.Estimated(1, "GB/s", "test"),
        Figure.Estimated(1, "GiB", "test"),
        IdlePower: Figure.Estimated(2, "W", "test"), ActivePower: Figure.Estimated(10, "W", "test"),
        RadioTransmitPower: Figure.Estimated(3, "W", "test"), RadioReceivePower: Figure.Estimated(1.5, "W", "test"));

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Edge_energy_is_power_times_time_per_state()
    {
        var e = EnergyModel.Edge(Device, new StateTimes(Compute: S(2), Transmit: S(0.5), Receive: S(4), Idle: S(10)));
        Assert.Equal(20, e.ComputeJ, 12);
        Assert.Equal(1.5, e.TransmitJ, 12);
        Assert.Equal(6, e.ReceiveJ, 12);
        Assert.Equal(20, e.IdleJ, 12);
        Assert.Equal(47.5, e.TotalJ, 12);
    }

    [Fact]
    public void Zero_time_costs_nothing_and_energy_is_additive_over_requests()
    {
        Assert.Equal(0, EnergyModel.Edge(Device, default).TotalJ);
        var a = new StateTimes(S(1), S(2), S(3), S(4));
        var b = new StateTimes(S(0.5), S(0), S(1), S(2));
        var sum = EnergyModel.Edge(Device, a) + EnergyModel.Edge(Device, b);
        Assert.Equal(EnergyModel.Edge(Device, a + b).TotalJ, sum.TotalJ, 9);
    }

    [Fact]
    public void Negative_durations_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => EnergyModel.Edge(Device, new StateTimes(S(-1), S(0), S(0), S(0))));
    }

    [Fact]
    public void Cloud_energy_is_reported_apart_and_a_wired_server_pays_nothing_for_the_radio()
    {
        var cloud = DeviceProfiles.CloudA100;
        var r = EnergyModel.Request(
            Device, new StateTimes(S(1), S(1), S(1), S(0)),
            cloud, new StateTimes(S(0.1), S(1), S(1), S(1.9)));
        Assert.Equal(14.5, r.Edge.TotalJ, 9);
        Assert.Equal(0, r.Cloud.TransmitJ);
        Assert.Equal(0, r.Cloud.ReceiveJ);
        Assert.Equal(0.1 * 400 + 1.9 * 55, r.Cloud.TotalJ, 9);
    }

    [Fact]
    public void Pi5_one_second_of_compute_costs_its_active_power()
    {
        var e = EnergyModel.Edge(DeviceProfiles.RaspberryPi5, new StateTimes(S(1), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Equal(DeviceProfiles.RaspberryPi5.ActivePower.Value, e.TotalJ);
    }
}
