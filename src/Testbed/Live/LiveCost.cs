using Splitwise.Planning.DynaSplit;
using Splitwise.Testbed.Devices;
using Splitwise.Testbed.Energy;

namespace Splitwise.Testbed.Live;

/// <summary>
/// Turns a real run into the figures of a configuration: the edge half's time stretched by the emulated CPU
/// frequency or accelerator, the cloud half's by the emulated GPU (<see cref="EdgeKnobTable"/>), the link's delays
/// as emulated; edge energy = power at (f, mode) x edge compute + the device's radio power x transfer time + its
/// idle power x the wait for the cloud (<see cref="EnergyModel"/>).
/// </summary>
public static class LiveCost
{
    /// <param name="hostToEdge">how much slower the emulated edge at 1800 MHz is than this host (1: as fast); a
    /// user-given assumption, printed with the results.</param>
    public static (double LatencyMs, double EnergyJ) Of(Configuration configuration, LiveRun run, DeviceProfile edgeDevice, double hostToEdge = 1.0)
    {
        if (hostToEdge <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hostToEdge), hostToEdge, "the host-to-edge slowdown must be positive");
        }

        var edgeMs = run.HeadMs * hostToEdge * EdgeTimeFactor(configuration);
        var cloudMs = run.TailMs * (configuration.CloudAccelerator ? EdgeKnobTable.CloudGpuTimeFactor.Value : 1.0);
        var device = edgeDevice with { ActivePower = EdgeKnobTable.EdgePower(configuration.CpuFrequencyMHz, configuration.EdgeAccelerator) };
        var times = new StateTimes(
            TimeSpan.FromMilliseconds(edgeMs),
            TimeSpan.FromMilliseconds(run.UplinkMs),
            TimeSpan.FromMilliseconds(run.DownlinkMs),
            TimeSpan.FromMilliseconds(cloudMs));
        return (edgeMs + run.UplinkMs + cloudMs + run.DownlinkMs, EnergyModel.Edge(device, times).TotalJ);
    }

    public static double EdgeTimeFactor(Configuration configuration) =>
        configuration.EdgeAccelerator == Configuration.AcceleratorOff
            ? EdgeKnobTable.CpuTimeStretch(configuration.CpuFrequencyMHz).Value
            : EdgeKnobTable.AcceleratorTimeFactor(configuration.EdgeAccelerator).Value;
}
