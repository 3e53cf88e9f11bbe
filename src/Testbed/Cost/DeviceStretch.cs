using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Cost;

/// <summary>
/// How much longer a call would take on an emulated device than it took here: ratio = device time / host time of the
/// same work, both from the calibrated cost model. A live silo that computed for t seconds then waits (ratio - 1) x t,
/// so it looks like the device. A ratio below 1 (a device faster than this machine) cannot be emulated by waiting and
/// is reported as is; the wait is then zero.
/// <para>With <see cref="DeviceStretchMode.ModelTime"/> the call is instead held until the device's modelled time has
/// passed: the host's own slowness (contention, codec work the kernels do not count) is then not multiplied.</para>
/// </summary>
public sealed class DeviceStretch(CostModel device, CostModel host, DeviceStretchMode mode = DeviceStretchMode.Ratio)
{
    public DeviceProfile Device => device.Device;

    public DeviceStretchMode Mode => mode;

    public static DeviceStretch For(DeviceProfile device, KernelCalibration calibration, DeviceStretchMode mode = DeviceStretchMode.Ratio) =>
        new(CostModel.Calibrated(device, calibration), CostModel.Host(calibration), mode);

    public double Ratio(SubBlockWork work) => device.Seconds(work) / host.Seconds(work);

    /// <summary>The extra wait after a call that took <paramref name="measured"/> here.</summary>
    public TimeSpan ExtraWait(SubBlockWork work, TimeSpan measured)
    {
        if (measured < TimeSpan.Zero)
            throw new CostModelException($"a measured time cannot be negative: {measured}");
        if (mode == DeviceStretchMode.ModelTime)
        {
            var left = TimeSpan.FromSeconds(device.Seconds(work)) - measured;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        var ratio = Ratio(work);
        return ratio <= 1 ? TimeSpan.Zero : measured * (ratio - 1);
    }
}
