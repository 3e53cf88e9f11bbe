using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Live;

/// <summary>
/// The emulated hardware knobs of DynaSplit's live path, every factor derived from the paper's own recordings
/// (../shared/data/dynasplit/pool_vgg16.csv, May et al., arXiv:2410.23881: a Raspberry Pi at 600-1800 MHz with a
/// Coral Edge TPU in `std`/`max` mode, a cloud server with and without its GPU). This machine has none of that
/// hardware: the live path measures the real ONNX Runtime time of each half on this host, takes it as the edge at
/// 1800 MHz without accelerator (and the cloud without GPU), and scales time and power by these figures.
/// </summary>
public static class EdgeKnobTable
{
    private const string Pool = "pool_vgg16.csv, layer 22 (all on edge), mean of the recorded runs";

    public const int TopFrequencyMHz = 1800;

    public static IReadOnlyList<int> FrequenciesMHz { get; } = [600, 800, 1000, 1200, 1400, 1600, 1800];

    public static IReadOnlyList<string> AcceleratorModes { get; } = ["off", "std", "max"];

    /// <summary>
    /// CPU time stretch = 1800 / f: the pool's edge-only VGG16 runs take 4922, 3011, 2543, 2200, 1947 and 1751 ms at
    /// 600, 1000, 1200, 1400, 1600 and 1800 MHz, within 7% of that law; its single 800 MHz run (1762 ms) is off the
    /// trend and not used.
    /// </summary>
    public static Figure CpuTimeStretch(int frequencyMHz) =>
        Figure.Effective((double)TopFrequencyMHz / Known(frequencyMHz), "x", "1800 MHz / f, fitted to " + Pool);

    /// <summary>Edge time with the Edge TPU relative to the CPU at 1800 MHz: 434 / 1751 ms (`std`), 427 / 1751 ms (`max`).</summary>
    public static Figure AcceleratorTimeFactor(string mode) => mode switch
    {
        "std" => Figure.Effective(0.248, "x", "434 ms / 1751 ms at 1800 MHz, " + Pool),
        "max" => Figure.Effective(0.244, "x", "427 ms / 1751 ms at 1800 MHz, " + Pool),
        _ => throw new ArgumentException($"unknown edge accelerator mode '{mode}' (off, std, max)"),
    };

    /// <summary>Whole-device power while the edge computes = recorded edge energy / edge latency at (f, mode).</summary>
    public static Figure EdgePower(int frequencyMHz, string mode)
    {
        var row = Array.IndexOf(FrequenciesMHz.ToArray(), Known(frequencyMHz));
        var column = Array.IndexOf(AcceleratorModes.ToArray(), mode);
        if (column < 0)
        {
            throw new ArgumentException($"unknown edge accelerator mode '{mode}' (off, std, max)");
        }

        var note = frequencyMHz == 800 && mode == "off"
            ? "interpolated between 600 and 1000 MHz (the single 800 MHz CPU run is off the trend), " + Pool
            : "energy / latency, " + Pool;
        return Figure.Effective(PowerW[row, column], "W", note);
    }

    /// <summary>Cloud time with the GPU relative to without: 75.77 / 165.62 ms, cloud-only runs at 1800 MHz.</summary>
    public static Figure CloudGpuTimeFactor { get; } =
        Figure.Effective(0.457, "x", "75.77 ms / 165.62 ms, pool_vgg16.csv layer 0 (all in cloud), GPU on vs off");

    // Rows: FrequenciesMHz; columns: off, std, max.
    private static readonly double[,] PowerW =
    {
        { 2.97, 4.78, 4.89 },
        { 3.22, 5.30, 5.15 },
        { 3.46, 5.08, 5.21 },
        { 3.26, 5.14, 5.24 },
        { 3.78, 5.19, 5.29 },
        { 4.08, 5.34, 5.47 },
        { 4.48, 5.56, 5.71 },
    };

    private static int Known(int frequencyMHz) => FrequenciesMHz.Contains(frequencyMHz)
        ? frequencyMHz
        : throw new ArgumentException($"no recorded figures for {frequencyMHz} MHz ({string.Join(", ", FrequenciesMHz)})");
}
