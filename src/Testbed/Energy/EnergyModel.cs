using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Energy;

/// <summary>
/// Emulated energy: no power meter is attached, so energy = the profile's power per state x the time spent in it.
/// Edge: compute x active + transmit x radio tx + receive x radio rx + idle x idle power. The radio figures are the
/// whole-device increments while the radio works, so transmit and receive time are charged radio power, not active power.
/// </summary>
public static class EnergyModel
{
    public static EnergyBreakdown Edge(DeviceProfile device, StateTimes times)
    {
        var t = times.Validated();
        return new(
            t.Compute.TotalSeconds * device.ActivePower.Value,
            t.Transmit.TotalSeconds * device.RadioTransmitPower.Value,
            t.Receive.TotalSeconds * device.RadioReceivePower.Value,
            t.Idle.TotalSeconds * device.IdlePower.Value);
    }

    /// <summary>
    /// The cloud's share: compute at active power, the rest of the request at idle power. A wired server's radio
    /// figures are zero, so its transfer time costs only what the caller counts as idle.
    /// </summary>
    public static EnergyBreakdown Cloud(DeviceProfile server, StateTimes times) => Edge(server, times);

    public static RequestEnergy Request(DeviceProfile edge, StateTimes edgeTimes, DeviceProfile cloud, StateTimes cloudTimes) =>
        new(Edge(edge, edgeTimes), Cloud(cloud, cloudTimes));
}
