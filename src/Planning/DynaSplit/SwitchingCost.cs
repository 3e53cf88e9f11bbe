namespace Splitwise.Planning.DynaSplit;

/// <summary>
/// Time to move the testbed from one hardware configuration to another (CPU governor frequency,
/// Coral TPU mode, cloud GPU on/off) before a request can run.
/// </summary>
public static class SwitchingCost
{
    /// <summary>
    /// 137 ms: the median "Hardware Configuration Change" duration in the authors' overhead log,
    /// hpc-tuwien/SPLINTER results/overhead/splinter_overhead_metrics_vgg16_exhaustive.csv (108 rows: median
    /// 136.95 ms, mean 154.4, min 96.8, max 532.7; the ViT log's 98 rows give a median of 115.8 ms). It is the
    /// wall time of `setup_pi` (controller/evaluate.py): an SSH call that starts communication/hardware.py on the
    /// Raspberry Pi to set the CPU frequency and TPU mode, timed on every request whether or not anything
    /// changed. The authors then sleep 1.5 s before the timed run, so the recorded latencies in the pool and
    /// the testbed results exclude it, and their simulation does not charge it. Not in ../shared/data.
    /// </summary>
    public const double PaperMedianMs = 137.0;

    /// <summary>The delay a request pays when its configuration differs in hardware from the one applied.</summary>
    public static double DelayMs(Configuration? current, Configuration next, double switchCostMs) =>
        current is { } c && c.HardwareDiffers(next) ? switchCostMs : 0.0;
}
