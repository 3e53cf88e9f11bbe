using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Tests.Cost;

public class DeviceStretchTests
{
    private static readonly KernelCalibration Host = Calibrations.Known;

    [Fact]
    public void RatioIsDeviceTimeOverHostTimeAndTheWaitMakesUpTheDifference()
    {
        var stretch = DeviceStretch.For(DeviceProfiles.RaspberryPi5, Host);
        var work = SubBlockWorkModel.FfnSlice(768, 768, false, true, 256); // compute bound: 100 vs 60 x 0.5 GFLOP/s
        var ratio = stretch.Ratio(work);
        var expected = CostModel.Calibrated(DeviceProfiles.RaspberryPi5, Host).Seconds(work) / CostModel.Host(Host).Seconds(work);
        Assert.Equal(expected, ratio, 12);
        Assert.True(ratio > 2);
        Assert.Equal(TimeSpan.FromMilliseconds(10 * (ratio - 1)).TotalMilliseconds, stretch.ExtraWait(work, TimeSpan.FromMilliseconds(10)).TotalMilliseconds, 3); // TimeSpan keeps 100 ns ticks
    }

    [Fact]
    public void AFasterDeviceWaitsNothingAndTinyCallsStayNearOne()
    {
        var a100 = DeviceStretch.For(DeviceProfiles.CloudA100, Host);
        var big = SubBlockWorkModel.FfnSlice(768, 768, false, true, 256);
        Assert.True(a100.Ratio(big) < 1);
        Assert.Equal(TimeSpan.Zero, a100.ExtraWait(big, TimeSpan.FromMilliseconds(5)));

        // Both pay the same dispatch overhead, which dominates a tiny call.
        var tiny = SubBlockWorkModel.LayerGlue(8, true, true, 1);
        Assert.InRange(DeviceStretch.For(DeviceProfiles.RaspberryPi5, Host).Ratio(tiny), 1, 1.05);
        Assert.Throws<CostModelException>(() => a100.ExtraWait(tiny, TimeSpan.FromMilliseconds(-1)));
    }

    [Fact]
    public void ModelTimeModeHoldsACallUntilTheDevicesModelledTime()
    {
        var stretch = DeviceStretch.For(DeviceProfiles.RaspberryPi5, Host, DeviceStretchMode.ModelTime);
        var work = SubBlockWorkModel.FfnSlice(768, 768, false, true, 256);
        var device = CostModel.Calibrated(DeviceProfiles.RaspberryPi5, Host).Seconds(work);

        Assert.Equal(device - 0.001, stretch.ExtraWait(work, TimeSpan.FromMilliseconds(1)).TotalSeconds, 6);
        Assert.Equal(TimeSpan.Zero, stretch.ExtraWait(work, TimeSpan.FromSeconds(device * 2))); // this machine was already slower
    }
}
