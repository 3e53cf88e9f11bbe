using Splitwise.Grains.Devices;
using Splitwise.Testbed.Cost;

namespace Splitwise.Grains.Tests;

/// <summary>What a host is told when the edge device it asks for cannot be emulated.</summary>
public class EdgeDeviceSettingsTests
{
    [Fact]
    public void UnknownDeviceAndMissingOrBrokenCalibrationAreTyped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"calibration-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, KernelCalibrationJson.Write(new KernelCalibration(1e11, 2e10, 1e11, 1e10, 2e10, 8e10, 1 << 20, 1e10, 1e-5, 3e-6)));
            var stretch = EdgeDeviceSettings.Load("rpi5", path);
            Assert.Equal("rpi5", stretch.Device.Key);
            Assert.Contains("EMULATED", EdgeDeviceSettings.Describe(stretch));

            var unknown = Assert.Throws<ArgumentException>(() => EdgeDeviceSettings.Load("pdp11", path));
            Assert.Contains("rpi5", unknown.Message);
            Assert.Throws<CostModelException>(() => EdgeDeviceSettings.Load("rpi5", path + ".missing"));
            File.WriteAllText(path, "{ \"matmul_flops_per_second\": 0 }");
            Assert.Throws<CostModelException>(() => EdgeDeviceSettings.Load("rpi5", path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
