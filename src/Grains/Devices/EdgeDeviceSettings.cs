using Splitwise.Testbed.Cost;
using Splitwise.Testbed.Devices;

namespace Splitwise.Grains.Devices;

/// <summary>Builds the edge device emulation a host asks for: a profile key and this machine's calibration file.</summary>
public static class EdgeDeviceSettings
{
    public const string DefaultCalibration = "bench/host-calibration.json";

    /// <param name="deviceKey">a key of <see cref="DeviceProfiles"/> (rpi5, orin-nx, s23, a100).</param>
    /// <param name="calibrationPath">null: <see cref="DefaultCalibration"/> found above the working or program directory.</param>
    /// <exception cref="ArgumentException">unknown device (the message lists the keys).</exception>
    /// <exception cref="CostModelException">the calibration file is missing or not a calibration.</exception>
    /// <param name="mode">ratio (default) or model-time, see <see cref="DeviceStretchMode"/>.</param>
    public static DeviceStretch Load(string deviceKey, string? calibrationPath = null, string? mode = null) =>
        DeviceStretch.For(DeviceProfiles.Get(deviceKey), LoadCalibration(calibrationPath), ParseMode(mode));

    /// <exception cref="ArgumentException">not "ratio" or "model-time".</exception>
    public static DeviceStretchMode ParseMode(string? mode) => mode?.ToLowerInvariant() switch
    {
        null or "ratio" => DeviceStretchMode.Ratio,
        "model-time" => DeviceStretchMode.ModelTime,
        _ => throw new ArgumentException($"unknown stretch mode '{mode}' (ratio, model-time)"),
    };

    /// <exception cref="CostModelException">the calibration file is missing or not a calibration.</exception>
    public static KernelCalibration LoadCalibration(string? calibrationPath = null)
    {
        var path = calibrationPath ?? Locate() ?? throw new CostModelException(
            $"no calibration: {DefaultCalibration} was not found above the working directory; make one with bench costmodel --out FILE and pass it");
        if (!File.Exists(path))
            throw new CostModelException($"calibration file {path} does not exist");
        return KernelCalibrationJson.Read(File.ReadAllText(path));
    }

    /// <summary>One line for the operator: what is emulated and where its figures come from.</summary>
    public static string Describe(DeviceStretch stretch)
    {
        var d = stretch.Device;
        var line = $"edge device EMULATED: {d.Name} ('{d.Key}', src/Testbed/Devices/DeviceProfiles.cs): each edge computation measured here is stretched " +
                   (stretch.Mode == DeviceStretchMode.Ratio ? "by the calibrated cost-model ratio device/host;" : "until the device's calibrated cost-model time has passed;") +
                   $" matmul {d.MatmulFp32}; memory {d.MemoryBandwidth}";
        var prefill = stretch.Ratio(SubBlockWorkModel.FfnSlice(768, 768, false, true, 64));
        var decode = stretch.Ratio(SubBlockWorkModel.FfnSlice(768, 768, false, true, 1));
        line += $". Ratio for a GPT-2-small FFN slice: {prefill:F2} at 64-token prefill, {decode:F2} at decode";
        return prefill < 1 || decode < 1
            ? line + "; where below 1 the device is faster than this machine, which cannot be emulated by waiting: those calls run at this machine's speed"
            : line;
    }

    private static string? Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultCalibration);
                if (File.Exists(candidate))
                    return candidate;
            }
        }

        return null;
    }
}
